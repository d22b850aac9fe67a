// A nightly batch importer adds the number of input files to a WaitGroup
// up front, then skips empty files with `continue` before starting their
// goroutine. The counter never reaches zero, main blocks in Wait, and once
// the real workers finish the runtime finds every goroutine asleep.
package main

import (
	"fmt"
	"sync"
	"time"

	"gorca.dev/lab/labkit"
)

type InputFile struct {
	Name string
	Size int
}

type Importer struct {
	mu       sync.Mutex
	imported int
}

func (im *Importer) importFile(f InputFile, wg *sync.WaitGroup) {
	defer wg.Done()
	time.Sleep(time.Duration(f.Size%5) * time.Millisecond)
	im.mu.Lock()
	im.imported++
	im.mu.Unlock()
}

func (im *Importer) ImportAll(files []InputFile) {
	var wg sync.WaitGroup
	wg.Add(len(files))
	for _, f := range files {
		if f.Size == 0 {
			labkit.Warnf("skipping empty file %s", f.Name)
			continue // BUG: wg.Add already counted it
		}
		go im.importFile(f, &wg)
	}
	time.Sleep(50 * time.Millisecond) // progress reporting, once the last file is in
	im.mu.Lock()
	labkit.Infof("imported files=%d of %d, waiting for workers", im.imported, len(files))
	im.mu.Unlock()
	labkit.Dump()
	labkit.Stop()
	wg.Wait()
}

func main() {
	labkit.Init("batch-importer")
	var files []InputFile
	for i := 0; i < 24; i++ {
		size := 1024 * (i + 1)
		if i == 17 {
			size = 0
		}
		files = append(files, InputFile{Name: fmt.Sprintf("/data/in/part-%05d.parquet", i), Size: size})
	}
	im := &Importer{}
	labkit.Infof("importing files=%d", len(files))
	im.ImportAll(files)
	labkit.Infof("import complete files=%d", im.imported)
}
