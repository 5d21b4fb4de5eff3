package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestWriteFailures makes a few files that the batch must rewrite
// unwritable and runs `batch --write`. Each is reported with its reason and
// left byte-identical; every other file is written as in an uninterrupted
// run, no temporary file is left behind, and the exit code is 1. Once the
// files are writable again, a rerun completes the job.
//
// As root (CI), permission bits stop nothing, so the files are made
// immutable (chattr +i), which also refuses a rename over them. Otherwise
// their folder is made read-only, and every changed file in it fails.
func TestWriteFailures(t *testing.T) {
	ref := getReference(t)
	if len(ref.Changed) < 50 {
		t.Fatalf("the reference run changed only %d files", len(ref.Changed))
	}
	work := filepath.Join(workDir(t), "content")
	copyTree(t, ref.Src, work)

	var victims []string
	var undo []func() // makes the victims writable again
	t.Cleanup(func() {
		for _, f := range undo {
			f()
		}
	})
	if os.Geteuid() == 0 {
		// Five files spread over the changed ones.
		for i := range 5 {
			victims = append(victims, ref.Changed[(2*i+1)*len(ref.Changed)/10])
		}
		for _, rel := range victims {
			file := filepath.Join(work, filepath.FromSlash(rel))
			if out, err := exec.Command("chattr", "+i", file).CombinedOutput(); err != nil {
				t.Skipf("cannot make a file immutable here (chattr +i: %v: %s); as root nothing else makes a file unwritable", err, out)
			}
			undo = append(undo, func() { exec.Command("chattr", "-i", file).Run() })
		}
	} else {
		dir := filepath.Dir(filepath.FromSlash(ref.Changed[len(ref.Changed)/2]))
		for _, rel := range ref.Changed {
			if filepath.Dir(filepath.FromSlash(rel)) == dir {
				victims = append(victims, rel)
			}
		}
		full := filepath.Join(work, dir)
		if err := os.Chmod(full, 0o555); err != nil {
			t.Fatal(err)
		}
		undo = append(undo, func() { os.Chmod(full, 0o755) })
	}
	slices.Sort(victims)

	r := run(t, nil, "batch", "--corpus", work, "--write", "--json", "--quiet", "--index", filepath.Join(workDir(t), "index"))
	if r.Code != 1 {
		t.Errorf("%s\nwant exit 1 (some files could not be written)", r)
	}
	failed := byRel(t, work, parseSummary(t, r).Failed)
	for _, rel := range victims {
		if failed[rel] == "" {
			t.Errorf("%s could not be written but is not reported (with a reason)", rel)
		}
	}
	if len(failed) != len(victims) {
		t.Errorf("%d files reported as not written, want %d: %v", len(failed), len(victims), failed)
	}

	// Victims old, all others new, nothing else.
	want := ref.New.without(victims...)
	for _, rel := range victims {
		want[rel] = ref.Old[rel]
	}
	if d := compare(want, snapshot(t, work)); !d.Empty() {
		t.Errorf("after the run with %d unwritable files: %s", len(victims), d)
	}

	// Writable again: the rerun finishes the job.
	for _, f := range undo {
		f()
	}
	rr := run(t, nil, "batch", "--corpus", work, "--write", "--json", "--quiet", "--index", filepath.Join(workDir(t), "index"))
	if rr.Code != ref.Run.Code {
		t.Errorf("rerun once the files are writable: %s", rr)
	}
	if s := parseSummary(t, rr); s.Changed != len(victims) {
		t.Errorf("rerun rewrote %d files, want the %d that failed before", s.Changed, len(victims))
	}
	if d := compare(ref.New, snapshot(t, work)); !d.Empty() {
		t.Errorf("after the rerun the folder differs from an uninterrupted run: %s", d)
	}
}

// TestFullDisk runs `batch --write` on a content folder whose file system
// is full (a small tmpfs, filled up). No file can be rewritten: each is
// reported and left byte-identical, no temporary file is left behind, and
// the exit code is 1. Once space is freed, a rerun writes what an
// uninterrupted run on a roomy disk writes.
func TestFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("mounting a small tmpfs needs root")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })

	// What the batch makes of the seeds on a roomy disk.
	roomy := seedsCopy(t)
	if r := run(t, nil, "batch", "--corpus", roomy, "--write", "--quiet", "--index", filepath.Join(t.TempDir(), "index")); r.Code != 0 {
		t.Fatalf("batch on a roomy disk: %s", r)
	}
	want := snapshot(t, roomy)

	content := filepath.Join(mnt, "content")
	copyTree(t, seedsCopy(t), content)
	old := snapshot(t, content)
	// Fill the disk, keeping one page free for the run's lock file.
	reserve := filepath.Join(mnt, "reserve")
	if err := os.WriteFile(reserve, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mnt, "filler")
	f, err := os.Create(filler)
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := f.Write(make([]byte, 4096)); err != nil {
			break // ENOSPC
		}
	}
	f.Close()
	os.Remove(reserve)

	r := run(t, nil, "batch", "--corpus", content, "--write", "--json", "--quiet", "--index", filepath.Join(t.TempDir(), "index"))
	if r.Code != 1 {
		t.Errorf("%s\nwant exit 1 on a full disk", r)
	}
	failed := byRel(t, content, parseSummary(t, r).Failed)
	if len(failed) == 0 {
		t.Errorf("%s\nno file reported as not written on a full disk", r)
	}
	after := snapshot(t, content)
	for p, e := range after {
		switch {
		case e == old[p] && (failed[p] != "" || want[p] == old[p]):
		case e == want[p] && failed[p] == "":
		default:
			t.Errorf("%s is neither as before nor as a roomy run writes it (reported failed: %q)", p, failed[p])
		}
	}
	if d := compare(old, after); len(d.Added)+len(d.Removed) > 0 {
		t.Errorf("on a full disk the run added or removed files: %s", d)
	}
	t.Logf("full disk: %d of %d files could not be written", len(failed), len(old))

	os.Remove(filler)
	rr := run(t, nil, "batch", "--corpus", content, "--write", "--quiet", "--index", filepath.Join(t.TempDir(), "index"))
	if rr.Code != 0 {
		t.Errorf("rerun once there is space: %s", rr)
	}
	if d := compare(want, snapshot(t, content)); !d.Empty() {
		t.Errorf("after the rerun the folder differs from a run on a roomy disk: %s", d)
	}
}
