//go:build unix

package assets

import (
	"io"
	"os"
	"syscall"
)

// sqliteDMSByte is the byte of a WAL store's shared-memory file on which
// every connection holds a read lock for as long as it is open (SQLite's
// "dead-man switch", UNIX_SHM_DMS in os_unix.c).
const sqliteDMSByte = 128

// sampleInUse reports whether another process has the store whose
// shared-memory file is shm open. It only tests the lock (F_GETLK) and
// holds none, so closing the file takes no lock away from anyone; a
// process's own locks are not reported, and this process never has an
// older sample open when it builds a new one.
func sampleInUse(shm string) bool {
	f, err := os.OpenFile(shm, os.O_RDWR, 0)
	if err != nil {
		return false // no shared memory: no connection has it open
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart, Start: sqliteDMSByte, Len: 1}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil {
		return false
	}
	return lk.Type != syscall.F_UNLCK
}
