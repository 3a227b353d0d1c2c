//! Arrow record batches streamed into one Parquet file (`zhtext analyze --out
//! rows.parquet` and the report's spill), in row groups bounded by their
//! encoded size, with arrow-rs's `ArrowWriter`.
//!
//! Each batch is encoded into the open row group as it comes (the writer
//! keeps its encoded, compressed pages, not the Arrow data), and a row group
//! is closed once its pages reach the writer's byte bound: memory holds one row
//! group's pages, and the footer's metadata, kept for every row group until
//! the file is closed, grows by a row group per bound's worth written
//! rather than one per batch. (pyarrow's `ParquetWriter` makes at least a
//! row group per call and held about 32 KB per row group of the 36 `--out`
//! columns, plus as much again to close the file: 50 MB at 200,000 files in
//! batches of 256.)
//!
//! pyarrow reads the file back as it read its own: Snappy pages, the Arrow
//! schema stored (`ARROW:schema`: large strings, time zones), no column
//! statistics and no page index (readers read every row group; the values
//! read are the same).
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, Int64Array, RecordBatch};
//!
//! let path = std::env::temp_dir().join(format!("zhtext-doc-{}.parquet", std::process::id()));
//! let batch = RecordBatch::try_from_iter([("n", Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef)]).unwrap();
//! let mut writer = zhtext::parquet_writer::Writer::create(&path, batch.schema(), 1 << 20).unwrap();
//! writer.write(&batch).unwrap();
//! writer.write(&batch).unwrap();
//! assert_eq!(writer.close().unwrap(), 1); // one row group
//! std::fs::remove_file(&path).unwrap();
//! ```

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use arrow_array::RecordBatch;
use arrow_schema::SchemaRef;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::{EnabledStatistics, WriterProperties};

use crate::error::{Kind, Kinded};

/// Why rows could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be created or written (a full disk, a size limit, ...).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A batch the file cannot hold (a type without a Parquet form).
    #[error("{0}")]
    Parquet(#[from] ParquetError),
    /// A batch whose columns are not the file's (arrow-rs would match them
    /// by position, dropping extra columns or failing mid-row-group).
    #[error("a batch with columns [{found}] written to a file of [{expected}]")]
    Schema { expected: String, found: String },
    /// A write after [`Writer::close`].
    #[error("written and closed")]
    Closed,
}

impl Kinded for Error {
    fn kind(&self) -> Kind {
        match self {
            Error::Io(source) => source.kind().into(),
            Error::Parquet(ParquetError::External(source)) => source
                .downcast_ref::<std::io::Error>()
                .map_or(Kind::Io, |io| io.kind().into()),
            Error::Parquet(_) | Error::Schema { .. } | Error::Closed => Kind::InvalidArgument,
        }
    }
}

/// A Parquet file being written batch by batch; [`Writer::close`] writes
/// the last row group and the footer.
pub struct Writer {
    inner: Option<ArrowWriter<BufWriter<File>>>,
    schema: SchemaRef,
    row_groups: usize,
}

impl Writer {
    /// Creates (or truncates) the file at `path` for batches of `schema`,
    /// closing a row group once its encoded pages reach `row_group_bytes`.
    pub fn create(path: &Path, schema: SchemaRef, row_group_bytes: usize) -> Result<Self, Error> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_statistics_enabled(EnabledStatistics::None)
            .set_offset_index_disabled(true)
            .set_max_row_group_row_count(None)
            .set_max_row_group_bytes(Some(row_group_bytes.max(1)))
            .build();
        let file = BufWriter::new(File::create(path)?);
        Ok(Writer {
            inner: Some(ArrowWriter::try_new(
                file,
                schema.clone(),
                Some(properties),
            )?),
            schema,
            row_groups: 0,
        })
    }

    /// Encodes `batch` into the open row group (closing it, and opening
    /// another, when it reaches the byte bound). Its schema must be the
    /// file's.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), Error> {
        let writer = self.inner.as_mut().ok_or(Error::Closed)?;
        // Names and types, in order; nullability may differ (a batch without
        // nulls says its columns have none).
        let same = |a: &SchemaRef, b: &SchemaRef| {
            a.fields().len() == b.fields().len()
                && a.fields().iter().zip(b.fields().iter()).all(|(a, b)| {
                    a.name() == b.name() && a.data_type().equals_datatype(b.data_type())
                })
        };
        if !same(&batch.schema(), &self.schema) {
            let names = |schema: &SchemaRef| {
                let fields = schema.fields().iter();
                let fields = fields.map(|f| format!("{}: {}", f.name(), f.data_type()));
                fields.collect::<Vec<_>>().join(", ")
            };
            return Err(Error::Schema {
                expected: names(&self.schema),
                found: names(&batch.schema()),
            });
        }
        Ok(writer.write(batch)?)
    }

    /// Writes the open row group and the footer, and closes the file;
    /// returns the number of row groups written. A second call does nothing.
    pub fn close(&mut self) -> Result<usize, Error> {
        if let Some(writer) = self.inner.take() {
            let metadata = writer.close()?;
            self.row_groups = metadata.num_row_groups();
        }
        Ok(self.row_groups)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::{Array, ArrayRef, Int64Array, LargeStringArray, TimestampNanosecondArray};
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

    use super::*;

    fn batch(start: i64, rows: i64) -> RecordBatch {
        let n: ArrayRef = Arc::new(Int64Array::from_iter_values(start..start + rows));
        let word: ArrayRef = Arc::new(LargeStringArray::from_iter(
            (start..start + rows).map(|i| (i % 7 != 0).then(|| format!("词{i}"))),
        ));
        let published: ArrayRef = Arc::new(
            TimestampNanosecondArray::from_iter_values(start..start + rows).with_timezone("UTC"),
        );
        RecordBatch::try_from_iter([("n", n), ("word", word), ("published", published)]).unwrap()
    }

    /// Each row's values, in order.
    fn rows(batches: &[RecordBatch]) -> Vec<(i64, Option<String>, i64)> {
        use arrow_array::cast::AsArray;
        use arrow_array::types::{Int64Type, TimestampNanosecondType};
        let mut rows = Vec::new();
        for batch in batches {
            let n = batch.column(0).as_primitive::<Int64Type>();
            let word = batch.column(1).as_string::<i64>();
            let published = batch.column(2).as_primitive::<TimestampNanosecondType>();
            for row in 0..batch.num_rows() {
                let word = word.is_valid(row).then(|| word.value(row).to_owned());
                rows.push((n.value(row), word, published.value(row)));
            }
        }
        rows
    }

    fn read(path: &Path) -> (Vec<RecordBatch>, usize) {
        let builder = ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap();
        let row_groups = builder.metadata().num_row_groups();
        let batches = builder.build().unwrap().map(Result::unwrap).collect();
        (batches, row_groups)
    }

    #[test]
    fn batches_fill_row_groups_up_to_the_byte_bound_and_read_back_equal() {
        let dir = std::env::temp_dir().join(format!("zhtext-parquet-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let written: Vec<RecordBatch> = (0..20).map(|i| batch(i * 500, 500)).collect();
        let mut groups = Vec::new();
        for bound in [1, 16 << 10, 64 << 20] {
            let path = dir.join(format!("{bound}.parquet"));
            let mut writer = Writer::create(&path, written[0].schema(), bound).unwrap();
            for batch in &written {
                writer.write(batch).unwrap();
            }
            let closed = writer.close().unwrap();
            assert_eq!(
                writer.close().unwrap(),
                closed,
                "a second close changes nothing"
            );
            assert!(matches!(writer.write(&written[0]), Err(Error::Closed)));
            let (batches, row_groups) = read(&path);
            assert_eq!(row_groups, closed);
            let schema = batches[0].schema();
            assert_eq!(schema, written[0].schema(), "types and time zone kept");
            assert_eq!(rows(&batches), rows(&written));
            groups.push(row_groups);
        }
        // A row group per batch when every batch passes the bound, one for all under a large one.
        assert_eq!(groups[0], 20);
        assert!(groups[1] > 1 && groups[1] < 20, "{groups:?}");
        assert_eq!(groups[2], 1);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_batch_of_other_columns_is_refused_and_the_file_stays_whole() {
        let path = std::env::temp_dir().join(format!(
            "zhtext-parquet-schema-{}.parquet",
            std::process::id()
        ));
        let first = batch(0, 3);
        let mut writer = Writer::create(&path, first.schema(), 1 << 20).unwrap();
        writer.write(&first).unwrap();
        let fewer = first.project(&[0, 1]).unwrap();
        let reordered = first.project(&[1, 0, 2]).unwrap();
        for other in [&fewer, &reordered] {
            let err = writer.write(other).unwrap_err();
            assert!(matches!(err, Error::Schema { .. }), "{err}");
            assert_eq!(err.kind(), Kind::InvalidArgument);
        }
        writer.write(&batch(3, 2)).unwrap();
        writer.close().unwrap();
        assert_eq!(rows(&read(&path).0), rows(&[batch(0, 5)]));
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn an_unwritable_path_is_an_io_error_of_its_kind() {
        let batch = batch(0, 1);
        let missing = std::env::temp_dir()
            .join("zhtext-no-such-dir")
            .join("x.parquet");
        let err = Writer::create(&missing, batch.schema(), 1).err().unwrap();
        assert_eq!(err.kind(), Kind::NotFound);
    }
}
