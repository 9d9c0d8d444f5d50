package record

import (
	"encoding/hex"
)

// Event and request IDs are stored compactly: a canonical lower-case UUID
// (the usual form) as 0x01 followed by its 16 bytes, anything else as 0x02
// followed by the text. The tags keep the two forms from ever colliding,
// so a crafted ID cannot shadow a real event during deduplication.
const (
	IDTagUUID = 0x01
	idTagText = 0x02
)

// EncodeID returns the stored form of an event or request ID.
func EncodeID(id string) []byte {
	if b, ok := ParseUUID(id); ok {
		return append([]byte{IDTagUUID}, b[:]...)
	}
	return append([]byte{idTagText}, id...)
}

// DecodeID returns the text of a stored ID.
func DecodeID(b []byte) string {
	if len(b) == 17 && b[0] == IDTagUUID {
		return FormatUUID(b[1:])
	}
	if len(b) > 0 && b[0] == idTagText {
		return string(b[1:])
	}
	return string(b)
}

func ParseUUID(s string) ([16]byte, bool) {
	var out [16]byte
	if len(s) != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-' {
		return out, false
	}
	j := 0
	for i := 0; i < 36; {
		if s[i] == '-' {
			i++
			continue
		}
		hi, ok1 := LowerHex(s[i])
		lo, ok2 := LowerHex(s[i+1])
		if !ok1 || !ok2 {
			return out, false
		}
		out[j] = hi<<4 | lo
		j++
		i += 2
	}
	return out, true
}

// lowerHex accepts only lower-case digits so that the encoding is a
// bijection with the text: "ABC..." stays text and round-trips unchanged.
func LowerHex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	}
	return 0, false
}

func FormatUUID(b []byte) string {
	var buf [36]byte
	hex.Encode(buf[0:8], b[0:4])
	buf[8] = '-'
	hex.Encode(buf[9:13], b[4:6])
	buf[13] = '-'
	hex.Encode(buf[14:18], b[6:8])
	buf[18] = '-'
	hex.Encode(buf[19:23], b[8:10])
	buf[23] = '-'
	hex.Encode(buf[24:36], b[10:16])
	return string(buf[:])
}
