// Package awscli reproduces the parts of the AWS CLI v2 that turn command
// line text into request parameters: its timestamp parser and its
// shorthand/JSON parser for list-of-structure parameters, with errors
// worded as the CLI words them. trailview's lookup-events and export
// commands use it so that a command line copied from a script behaves the
// same against the local store as against AWS.
package awscli
