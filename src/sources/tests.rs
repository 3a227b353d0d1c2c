use std::io::Write;
use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::*;
use crate::error::{Kind, Kinded};

/// A fresh directory under the system's temp directory, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "zhtext-sources-{tag}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn write(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, content).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn all(sources: Vec<Source>, options: Options) -> Vec<Entry> {
    Entries::spawn(sources, options).collect()
}

fn of(path: &Path) -> Vec<Entry> {
    all(vec![Source::Path(path.to_owned())], Options::default())
}

fn error(entry: &Entry) -> &SourceError {
    match &entry.content {
        Content::Failed(err) => err,
        other => panic!("{} should have failed, got {other:?}", entry.name),
    }
}

fn bytes(entry: &Entry) -> &[u8] {
    match &entry.content {
        Content::Bytes(bytes) => bytes,
        other => panic!("{} should have bytes, got {other:?}", entry.name),
    }
}

/// A tar of `(name, data)` regular files, then `links` as symlinks.
fn tar_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        // `set_path` refuses `..`; an attacker's archive does not.
        header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
        header.set_cksum();
        builder.append(&header, *data).unwrap();
    }
    builder.into_inner().unwrap()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn directories_are_walked_sorted_keeping_article_files_only() {
    let dir = Scratch::new("walk");
    dir.write("b/2.md", b"2");
    dir.write("a/1.txt", b"1");
    dir.write("a/.hidden.md", b"h");
    dir.write("a/photo.jpg", b"j");
    let names: Vec<String> = of(&dir.0).into_iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [
            dir.0.join("a/1.txt").display().to_string(),
            dir.0.join("b/2.md").display().to_string()
        ]
    );
}

#[cfg(unix)]
#[test]
fn fifos_devices_and_symlink_loops_are_reported_never_opened() {
    let dir = Scratch::new("special");
    dir.write("ok.md", b"x");
    let fifo = dir.0.join("x.md");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    std::os::unix::fs::symlink("/dev/zero", dir.0.join("zero.md")).unwrap();
    std::fs::create_dir(dir.0.join("sub")).unwrap();
    std::os::unix::fs::symlink(&dir.0, dir.0.join("sub/back")).unwrap();
    let entries = of(&dir.0);
    assert_eq!(entries.len(), 4, "{entries:?}");
    let messages: Vec<String> = entries
        .iter()
        .filter_map(|e| match &e.content {
            Content::Failed(err) => Some(err.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("symlink loop")));
    assert!(messages.iter().any(|m| m.contains("x.md is a FIFO")));
    assert!(messages
        .iter()
        .any(|m| m.contains("zero.md is a character device")));
    // Named directly, the FIFO is not opened either.
    let direct = read_file(&fifo, DEFAULT_MAX_FILE_SIZE).unwrap_err();
    assert!(matches!(direct, SourceError::NotRegularFile { what, .. } if what == "FIFO"));
}

#[test]
fn files_over_the_limit_are_errors() {
    let dir = Scratch::new("large");
    let path = dir.write("big.md", &[b'x'; 100]);
    let options = Options {
        max_file_size: 99,
        ..Options::default()
    };
    let entries = all(vec![Source::Path(path.clone())], options);
    assert!(matches!(
        error(&entries[0]),
        SourceError::TooLarge {
            size: Some(100),
            limit: 99,
            ..
        }
    ));
    assert!(read_file(&path, 100).is_ok());
}

#[test]
fn a_file_whose_name_looks_like_a_glob_is_that_file() {
    let dir = Scratch::new("glob");
    let real = dir.write("report[1].md", b"x");
    dir.write("report1.md", b"y");
    let entries = of(&real);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].content, Content::File(real));
    let pattern = dir.0.join("*.md");
    assert_eq!(of(&pattern).len(), 2);
    let nothing = of(&dir.0.join("*.nothing"));
    assert!(matches!(error(&nothing[0]), SourceError::NoMatch { .. }));
    assert_eq!(error(&nothing[0]).kind(), Kind::NotFound);
}

#[cfg(target_os = "linux")]
#[test]
fn non_utf8_file_names_are_kept_exactly() {
    use std::os::unix::ffi::OsStrExt;
    let dir = Scratch::new("latin1");
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let path = dir.0.join(name);
    std::fs::write(&path, b"x").unwrap();
    let entries = of(&dir.0);
    assert_eq!(entries[0].content, Content::File(path.clone()));
    assert_eq!(entries[0].bytes(10).unwrap().as_ref(), b"x");
    assert!(entries[0].name.ends_with("caf\u{fffd}.md"));
}

#[test]
fn tar_members_come_in_stream_order_with_unsafe_members_reported() {
    let dir = Scratch::new("tar");
    let mut data = tar_of(&[
        ("z.md", b"z"),
        ("a.md", b"a"),
        ("../evil.md", b"e"),
        ("notes.csv", b"c"),
    ]);
    // Append a symlink and a hard link member before the end blocks.
    let mut builder = tar::Builder::new(Vec::new());
    for (kind, name) in [
        (tar::EntryType::Symlink, "link.md"),
        (tar::EntryType::Link, "hard.md"),
    ] {
        let mut header = tar::Header::new_gnu();
        header.set_entry_type(kind);
        header.set_size(0);
        builder
            .append_link(&mut header, name, "/etc/passwd")
            .unwrap();
    }
    let links = builder.into_inner().unwrap();
    data.truncate(data.len() - 1024);
    data.extend_from_slice(&links);
    let path = dir.write("a.tar", &data);
    let entries = of(&path);
    let names: Vec<&str> = entries
        .iter()
        .map(|e| e.name.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["z.md", "a.md", "evil.md", "link.md", "hard.md"]);
    assert_eq!(bytes(&entries[0]), b"z");
    assert!(error(&entries[2])
        .to_string()
        .contains("leaves the archive"));
    assert!(error(&entries[3])
        .to_string()
        .contains("symbolic link to /etc/passwd; not followed"));
    assert!(error(&entries[4]).to_string().contains("hard link"));
    // The same as .tar.gz.
    let gz_path = dir.write("a.tgz", &gz(&data));
    assert_eq!(of(&gz_path).len(), 5);
}

#[test]
fn a_truncated_tar_gz_gives_what_was_read_and_one_error() {
    let dir = Scratch::new("trunc");
    let big: Vec<u8> = (0..40_000u32).flat_map(|i| i.to_le_bytes()).collect();
    let data = gz(&tar_of(&[
        ("1.md", b"one"),
        ("2.md", b"two"),
        ("3.md", &big),
    ]));
    let path = dir.write("t.tar.gz", &data[..data.len() * 2 / 3]);
    let entries = of(&path);
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(bytes(&entries[1]), b"two");
    assert!(matches!(error(&entries[2]), SourceError::Archive { .. }));
}

#[test]
fn zip_members_sorted_with_limits() {
    let dir = Scratch::new("zip");
    let data = zip_of(&[
        ("b.md", b"bb"),
        ("a.md", b"a"),
        ("big.md", &[b'x'; 200]),
        ("x/../../up.md", b"u"),
    ]);
    let path = dir.write("a.zip", &data);
    let options = Options {
        max_file_size: 100,
        ..Options::default()
    };
    let entries = all(vec![Source::Path(path.clone())], options);
    let names: Vec<&str> = entries
        .iter()
        .map(|e| e.name.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(names, ["a.md", "b.md", "big.md", "up.md"]);
    assert_eq!(bytes(&entries[1]), b"bb");
    assert!(matches!(
        error(&entries[2]),
        SourceError::TooLarge {
            size: Some(200),
            ..
        }
    ));
    assert!(matches!(
        error(&entries[3]),
        SourceError::UnsafeMember { .. }
    ));
    // Garbage is one error naming the archive.
    let junk = dir.write("junk.zip", b"PK not really");
    assert!(error(&of(&junk)[0]).to_string().contains("junk.zip"));
}

#[test]
fn plans_split_archives_into_member_ranges_that_read_back_the_same() {
    let dir = Scratch::new("plan");
    let files: Vec<(String, Vec<u8>)> = (0..7)
        .map(|i| (format!("{i}.md"), vec![b'0' + i]))
        .collect();
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    let tgz = dir.write("p.tgz", &gz(&tar_of(&refs)));
    let plain = dir.write("plain.md", b"p");
    let sources = vec![Source::Path(tgz.clone()), Source::Path(plain.clone())];
    let planned = plan(&sources, Options::default());
    assert_eq!(
        planned,
        [
            Source::Members {
                archive: tgz.clone(),
                start: 0,
                stop: 7
            },
            Source::Path(plain)
        ]
    );
    let slice = all(
        vec![Source::Members {
            archive: tgz,
            start: 2,
            stop: 4,
        }],
        Options::default(),
    );
    assert_eq!(
        slice.iter().map(|e| bytes(e).to_vec()).collect::<Vec<_>>(),
        [b"2".to_vec(), b"3".to_vec()]
    );
}

#[test]
fn dropping_the_stream_early_stops_the_resolver() {
    let dir = Scratch::new("drop");
    for i in 0..3000 {
        dir.write(&format!("{i:04}.md"), b"x");
    }
    let mut entries = Entries::spawn(vec![Source::Path(dir.0.clone())], Options::default());
    assert_eq!(entries.next_batch(10).len(), 10);
    drop(entries); // joins the resolver thread, which must not block on the full channel
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Any tar shape: one entry per article-named member, whatever its type
    /// or name; member bytes exact; never a panic.
    #[test]
    fn tar_shapes_give_one_entry_per_article_member(
        members in prop::collection::vec(
            (prop::sample::select(vec!["a.md", "b.txt", "c.csv", "../d.md", "/e.md", "f/g.md", ".h.md"]),
             prop::sample::select(vec![b'0', b'1', b'2', b'3', b'5', b'6']),
             prop::collection::vec(any::<u8>(), 0..600)),
            0..12),
        compressed in any::<bool>(),
        cut in prop::option::of(0.0f64..1.0),
    ) {
        let dir = Scratch::new("prop");
        let mut builder = tar::Builder::new(Vec::new());
        let mut expected = 0;
        for (name, kind, data) in &members {
            let mut header = tar::Header::new_gnu();
            header.set_entry_type(tar::EntryType::new(*kind));
            header.set_size(if *kind == b'0' { data.len() as u64 } else { 0 });
            header.as_old_mut().name[..name.len()].copy_from_slice(name.as_bytes());
            header.set_cksum();
            let body: &[u8] = if *kind == b'0' { data } else { &[] };
            builder.append(&header, body).unwrap();
            if is_article_name(name) && *kind != b'5' {
                expected += 1;
            }
        }
        let mut data = builder.into_inner().unwrap();
        if compressed {
            data = gz(&data);
        }
        if let Some(cut) = cut {
            data.truncate((data.len() as f64 * cut) as usize);
        }
        let path = dir.write(if compressed { "x.tar.gz" } else { "x.tar" }, &data);
        let entries = of(&path);
        let failed = entries.iter().filter(|e| matches!(e.content, Content::Failed(SourceError::Archive { .. }))).count();
        prop_assert!(failed <= 1);
        if cut.is_none() {
            prop_assert_eq!(entries.len(), expected);
            prop_assert_eq!(failed, 0);
        } else {
            prop_assert!(entries.len() <= expected + 1);
        }
    }
}
