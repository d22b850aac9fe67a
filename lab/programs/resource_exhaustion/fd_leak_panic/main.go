// A thumbnail spooler writes each upload to a temp file and hands the
// *os.File to a background uploader that forgets to Close it. Under the
// container's `ulimit -n` the descriptors run out and the next
// os.CreateTemp fails with EMFILE; the handler treats that as impossible
// and panics with the error.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"gorca.dev/lab/labkit"
)

type Spool struct {
	dir   string
	files []*os.File // "uploaded later": never closed
}

func (s *Spool) Put(name string, data []byte) {
	f, err := os.CreateTemp(s.dir, name+"-*.part")
	if err != nil {
		panic(fmt.Errorf("spool %s: %w", name, err))
	}
	f.Write(data)
	s.files = append(s.files, f) // BUG: no Close after upload
}

func main() {
	labkit.Init("thumbnail-spool")
	dir, err := os.MkdirTemp("", "spool")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	s := &Spool{dir: dir}
	for i := 0; ; i++ {
		if i == 40 {
			labkit.Sample()
			labkit.Dump()
		}
		s.Put(fmt.Sprintf("upload-%05d", i), []byte("\x89PNG\r\n"))
		if i%20 == 0 {
			labkit.Infof("spooled uploads=%d dir=%s", i, filepath.Base(dir))
		}
	}
}
