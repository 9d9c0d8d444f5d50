package history

// Codes of the modeled LookupEvents exceptions (spec 2.9), spelled as the
// JSON protocol's __type and the Go SDK's ErrorCode() give them.
const (
	CodeInvalidLookupAttributes = "InvalidLookupAttributesException"
	CodeInvalidTimeRange        = "InvalidTimeRangeException"
	CodeInvalidMaxResults       = "InvalidMaxResultsException"
	CodeInvalidNextToken        = "InvalidNextTokenException"
	CodeInvalidEventCategory    = "InvalidEventCategoryException"
	CodeOperationNotPermitted   = "OperationNotPermittedException"
	CodeUnsupportedOperation    = "UnsupportedOperationException"
)

// APIError is an error LookupEvents answers with, as the service would:
// a client fault with a code from the list above and a message. Callers
// print it the way the AWS CLI prints service errors.
type APIError struct {
	Code    string
	Message string
}

func (e *APIError) Error() string { return e.Code + ": " + e.Message }

// ErrorCode and ErrorMessage match smithy.APIError, so code written for
// the SDK's errors reads ours the same way.
func (e *APIError) ErrorCode() string    { return e.Code }
func (e *APIError) ErrorMessage() string { return e.Message }
