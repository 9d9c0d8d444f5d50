package record

import "hash/maphash"

// wordSet gathers the distinct words of one full-text document, written
// straight into the document (words separated by single spaces, in the
// order first met). It replaces a map[string]struct{} cleared per group,
// which copied every word into a string of its own and cost two hashes for
// each new one; here a word is hashed once and its bytes live only in doc.
// Slots are reused from group to group by a generation number, so starting
// a group costs nothing.
type WordSet struct {
	seed  maphash.Seed
	slots []wordSlot // a power of two, at most half full
	gen   uint32
	n     int
	doc   []byte
}

type wordSlot struct {
	gen, hash uint32
	off, len  uint32 // the word is doc[off:off+len]
}

// reset begins a new document.
func (s *WordSet) Reset() {
	if s.slots == nil {
		s.seed = maphash.MakeSeed()
		s.slots = make([]wordSlot, 512)
	}
	s.gen++
	if s.gen == 0 { // wrapped: stale slots could look current
		clear(s.slots)
		s.gen = 1
	}
	s.n = 0
	s.doc = s.doc[:0]
}

// add puts w in the document unless it is there already.
func (s *WordSet) Add(w []byte) {
	w, _ = capWord(w)
	addWord(s, w, uint32(maphash.Bytes(s.seed, w)))
}

// addString is add for a string, without copying it first.
func (s *WordSet) AddString(w string) {
	w, _ = capWord(w)
	addWord(s, w, uint32(maphash.String(s.seed, w)))
}

func addWord[W string | []byte](s *WordSet, w W, h uint32) {
	mask := uint32(len(s.slots) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		sl := &s.slots[i]
		if sl.gen != s.gen {
			break
		}
		if sl.hash == h && int(sl.len) == len(w) && string(s.doc[sl.off:sl.off+sl.len]) == string(w) {
			return
		}
	}
	if len(s.doc) > 0 {
		s.doc = append(s.doc, ' ')
	}
	off := uint32(len(s.doc))
	s.doc = append(s.doc, w...)
	s.n++
	if 2*s.n > len(s.slots) {
		s.grow()
	}
	s.insert(wordSlot{gen: s.gen, hash: h, off: off, len: uint32(len(w))})
}

func (s *WordSet) insert(sl wordSlot) {
	mask := uint32(len(s.slots) - 1)
	i := sl.hash & mask
	for s.slots[i].gen == s.gen {
		i = (i + 1) & mask
	}
	s.slots[i] = sl
}

func (s *WordSet) grow() {
	old := s.slots
	s.slots = make([]wordSlot, 2*len(old))
	for _, sl := range old {
		if sl.gen == s.gen {
			s.insert(sl)
		}
	}
}

// Doc is the document: the words added since Reset, each once, separated by
// single spaces, in the order first met.
func (s *WordSet) Doc() []byte { return s.doc }
