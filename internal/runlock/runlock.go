// Package runlock keeps two runs from writing overlapping parts of the
// content at once: a run on a folder excludes every run on that folder, on
// a folder inside it, and on a folder around it, while runs on sibling
// folders go ahead side by side.
//
// # Method
//
// There is no lock file. Acquire resolves the folder to its real path
// (symbolic links and ".." resolved), opens every folder on the way from
// the root of the file system down to it (O_RDONLY|O_DIRECTORY) and takes
// flock(2) on each without waiting: shared (LOCK_SH) on every ancestor,
// exclusive (LOCK_EX) on the folder itself. Two runs on X and X/economics
// then conflict whichever starts first: the run on X holds X exclusively,
// which the run on X/economics needs shared, and the other way round. Runs
// on X/economics and X/law share X and do not conflict. The open folders
// are held until Release; the kernel drops the locks when the process
// exits in any way, SIGKILL included, so a lock is never stale, never taken
// over, and leaves nothing behind.
//
// A single lock file at the root of the git work tree would also cover
// overlapping runs, but only for content kept in git, and a file is a thing
// that can be deleted, replaced by a symbolic link, or left behind; locking
// the folders themselves needs none of that. Earlier versions kept a
// ".recommend.lock" file in the content folder; it is now ignored, like any
// other file whose name does not end in .md.
//
// # Limits
//
// The locks are advisory: they bind this program only, not the site's CMS
// or an editor. An ancestor that cannot be opened (a folder without read
// permission) is skipped; a run on that very folder would need to open it
// too, so runs by one user still exclude each other. flock on NFS is
// emulated with byte-range locks, which Linux refuses on folders or which
// other hosts may not see: on a shared file system, run the batch on one
// host only. Off Linux and the BSDs, Acquire returns an error.
package runlock
