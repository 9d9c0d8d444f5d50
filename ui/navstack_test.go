package ui

import "testing"

func TestNavStackBackForward(t *testing.T) {
	var n navStack
	a, b, c := queryState{text: "a"}, queryState{text: "b"}, queryState{text: "c"}
	n.push(a)
	n.push(b)
	cur := c
	var ok bool
	if cur, ok = n.goBack(cur); !ok || cur.text != "b" {
		t.Fatalf("back: %q %v", cur.text, ok)
	}
	if cur, ok = n.goBack(cur); !ok || cur.text != "a" {
		t.Fatalf("back twice: %q %v", cur.text, ok)
	}
	if _, ok = n.goBack(cur); ok {
		t.Fatal("went back past the first state")
	}
	if cur, ok = n.goForward(cur); !ok || cur.text != "b" {
		t.Fatalf("forward: %q %v", cur.text, ok)
	}
	// A new step forgets the forward states.
	n.push(cur)
	if _, ok = n.goForward(queryState{text: "d"}); ok {
		t.Fatal("forward after a new step")
	}
}

func TestNavStackIsBounded(t *testing.T) {
	var n navStack
	for i := 0; i < navLimit+50; i++ {
		n.push(queryState{})
	}
	if len(n.back) != navLimit {
		t.Fatalf("%d states kept, want %d", len(n.back), navLimit)
	}
}
