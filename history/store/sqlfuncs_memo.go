package store

import "sync"

// filterMemo keeps what the SQL functions derive from a filter's text (a
// parsed phrase, a path's quoted keys): they are called once per visited
// row with the same text. The texts are the user's and unbounded, so the
// memo is emptied when it holds memoSize of them.
type filterMemo[V any] struct {
	mu sync.Mutex
	m  map[string]V
}

const memoSize = 256

// get returns the value for text, building it with build the first time.
func (c *filterMemo[V]) get(text string, build func(string) V) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[text]; ok {
		return v
	}
	if c.m == nil || len(c.m) >= memoSize {
		c.m = map[string]V{}
	}
	v := build(text)
	c.m[text] = v
	return v
}
