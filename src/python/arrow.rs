//! Arrow across the boundary, through the Arrow PyCapsule interface (the C
//! data and C stream interfaces wrapped in capsules, which pyarrow ≥ 14
//! reads without copying): results built in Rust leave as `pyarrow` arrays,
//! record batches and readers, and Arrow string columns come in as texts
//! without a Python `str` per value. Everything Arrow-specific in the
//! binding is here.

use std::ffi::CStr;
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Float64Builder, Int64Builder, LargeListBuilder,
    LargeStringBuilder, StringBuilder, StructBuilder,
};
use arrow_array::cast::AsArray;
use arrow_array::ffi::{from_ffi_and_data_type, FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{make_array, Array, ArrayRef, RecordBatch, RecordBatchReader, StructArray};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, Fields, SchemaRef};
use pyo3::exceptions::{PyImportError, PyTypeError, PyValueError};

use super::convert::BatchText;
use super::progress::Progress;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyList, PyTuple};

use crate::{parquet_writer, schema};

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";
const STREAM_CAPSULE: &CStr = c"arrow_array_stream";

pub(crate) fn arrow_error(err: ArrowError) -> PyErr {
    PyValueError::new_err(format!("Arrow: {err}"))
}

/// `pyarrow`, or an `ImportError` saying how to get it.
fn pyarrow(py: Python<'_>) -> PyResult<Bound<'_, PyModule>> {
    py.import("pyarrow").map_err(|err| {
        let hint =
            PyImportError::new_err("Arrow results need pyarrow: pip install 'zhtext[arrow]'");
        hint.set_cause(py, Some(err));
        hint
    })
}

/// An array (or a record batch, as a struct array) offered to any Arrow
/// consumer through `__arrow_c_array__`.
#[pyclass(module = "zhtext._zhtext", frozen)]
pub(crate) struct ArrowArray {
    array: ArrayRef,
    field: FieldRef,
}

#[pymethods]
impl ArrowArray {
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.field.as_ref()).map_err(arrow_error)?;
        PyCapsule::new_with_value(py, schema, SCHEMA_CAPSULE)
    }

    /// The schema and array capsules. A consumer's `requested_schema` is
    /// not honoured (the protocol lets a producer keep its own type).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_array__<'py>(
        &self,
        py: Python<'py>,
        #[allow(unused_variables)] requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyTuple>> {
        let array = FFI_ArrowArray::new(&self.array.to_data());
        PyTuple::new(
            py,
            [
                self.__arrow_c_schema__(py)?,
                PyCapsule::new_with_value(py, array, ARRAY_CAPSULE)?,
            ],
        )
    }
}

/// Record batches offered once through `__arrow_c_stream__`, produced as
/// the consumer reads them.
#[pyclass(module = "zhtext._zhtext", frozen)]
pub(crate) struct ArrowStream {
    schema: SchemaRef,
    reader: Mutex<Option<Box<dyn RecordBatchReader + Send>>>,
}

#[pymethods]
impl ArrowStream {
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.schema.as_ref()).map_err(arrow_error)?;
        PyCapsule::new_with_value(py, schema, SCHEMA_CAPSULE)
    }

    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        #[allow(unused_variables)] requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let reader = self
            .reader
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| PyValueError::new_err("this Arrow stream has already been read"))?;
        PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(reader), STREAM_CAPSULE)
    }
}

/// `array` as a `pyarrow.Array` (no copy).
pub(crate) fn array_to_pyarrow(py: Python<'_>, array: ArrayRef) -> PyResult<Bound<'_, PyAny>> {
    let field = Arc::new(Field::new("", array.data_type().clone(), true));
    pyarrow(py)?.call_method1("array", (ArrowArray { array, field },))
}

/// `batch` as a `pyarrow.RecordBatch` (no copy).
pub(crate) fn batch_to_pyarrow(py: Python<'_>, batch: RecordBatch) -> PyResult<Bound<'_, PyAny>> {
    let schema = batch.schema();
    let field = Arc::new(
        Field::new("", DataType::Struct(schema.fields().clone()), false)
            .with_metadata(schema.metadata().clone()),
    );
    let array: ArrayRef = Arc::new(StructArray::from(batch));
    pyarrow(py)?.call_method1("record_batch", (ArrowArray { array, field },))
}

/// `schema` as a `pyarrow.Schema`.
pub(crate) fn schema_to_pyarrow(py: Python<'_>, schema: SchemaRef) -> PyResult<Bound<'_, PyAny>> {
    batch_to_pyarrow(py, RecordBatch::new_empty(schema))?.getattr("schema")
}

/// `reader` as a `pyarrow.RecordBatchReader` that pulls batches from it as
/// they are read.
#[allow(dead_code)] // for the streaming reader (`zt.iter_articles`), merged separately
pub(crate) fn reader_to_pyarrow(
    py: Python<'_>,
    reader: Box<dyn RecordBatchReader + Send>,
) -> PyResult<Bound<'_, PyAny>> {
    let stream = ArrowStream {
        schema: reader.schema(),
        reader: Mutex::new(Some(reader)),
    };
    pyarrow(py)?
        .getattr("RecordBatchReader")?
        .call_method1("from_stream", (stream,))
}

/// The columns of `read_articles`, as a `pyarrow.Schema` (the one
/// definition is :mod:`zhtext.schema` in Rust).
///
/// >>> import zhtext as zt
/// >>> zt.article_schema().field("paragraphs").type
/// LargeListType(large_list<item: large_string>)
#[pyfunction]
pub(crate) fn article_schema(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    schema_to_pyarrow(py, schema::article_schema())
}
/// Whether `obj` offers Arrow data (`__arrow_c_stream__` or
/// `__arrow_c_array__`) and is not a pandas object: pandas' own export makes
/// a Python-level conversion whose missing-value rules are not zhtext's, so
/// a Series is read value by value (the `.zh` accessor hands over its Arrow
/// column instead).
pub(crate) fn offers_arrow(obj: &Bound<'_, PyAny>) -> bool {
    let is_pandas = obj
        .get_type()
        .module()
        .is_ok_and(|m| m.to_str().is_ok_and(|m| m.starts_with("pandas")));
    !is_pandas
        && (obj.hasattr("__arrow_c_stream__").unwrap_or(false)
            || obj.hasattr("__arrow_c_array__").unwrap_or(false))
}

/// The chunks of an Arrow array, chunked array or stream, and their type.
fn import_chunks(obj: &Bound<'_, PyAny>) -> PyResult<(DataType, Vec<ArrayRef>)> {
    if obj.hasattr("__arrow_c_stream__")? {
        let capsule = obj.call_method0("__arrow_c_stream__")?;
        let capsule = capsule.cast::<PyCapsule>()?;
        let pointer = capsule.pointer_checked(Some(STREAM_CAPSULE))?;
        // SAFETY: the capsule is an `arrow_array_stream` capsule, which
        // holds an `FFI_ArrowArrayStream`; `from_raw` moves it out and marks
        // the capsule's copy released.
        let mut stream = unsafe { FFI_ArrowArrayStream::from_raw(pointer.cast().as_ptr()) };
        let (Some(get_schema), Some(get_next)) = (stream.get_schema, stream.get_next) else {
            return Err(PyValueError::new_err("the Arrow stream has been released"));
        };
        let failed = |stream: &mut FFI_ArrowArrayStream, code: i32| {
            // SAFETY: a live stream's `get_last_error` returns null or a
            // C string valid until its next call.
            let detail = stream
                .get_last_error
                .map(|last_error| unsafe { last_error(stream) })
                .filter(|message| !message.is_null())
                .map_or(format!("error {code}"), |message| {
                    unsafe { CStr::from_ptr(message) }
                        .to_string_lossy()
                        .into_owned()
                });
            PyValueError::new_err(format!("cannot read the Arrow stream: {detail}"))
        };
        let mut schema = FFI_ArrowSchema::empty();
        // SAFETY: the callbacks of a live stream, called as the C stream
        // interface specifies (`stream` is dropped, hence released, after).
        let code = unsafe { get_schema(&mut stream, &mut schema) };
        if code != 0 {
            return Err(failed(&mut stream, code));
        }
        let data_type = DataType::try_from(&schema).map_err(arrow_error)?;
        let mut chunks = Vec::new();
        loop {
            let mut array = FFI_ArrowArray::empty();
            // SAFETY: as above.
            let code = unsafe { get_next(&mut stream, &mut array) };
            if code != 0 {
                return Err(failed(&mut stream, code));
            }
            if array.is_released() {
                return Ok((data_type, chunks)); // the end of the stream
            }
            // SAFETY: the stream produced `array` with the stream's type.
            let data =
                unsafe { from_ffi_and_data_type(array, data_type.clone()) }.map_err(arrow_error)?;
            chunks.push(make_array(data));
        }
    }
    let capsules = obj.call_method0("__arrow_c_array__")?;
    let (schema, array): (Bound<'_, PyCapsule>, Bound<'_, PyCapsule>) = capsules.extract()?;
    let schema_pointer = schema.pointer_checked(Some(SCHEMA_CAPSULE))?;
    let array_pointer = array.pointer_checked(Some(ARRAY_CAPSULE))?;
    // SAFETY: the capsules hold an `FFI_ArrowSchema` and an `FFI_ArrowArray`
    // (their names say so); `from_raw` moves each out, leaving it released.
    let (schema, array) = unsafe {
        (
            FFI_ArrowSchema::from_raw(schema_pointer.cast().as_ptr()),
            FFI_ArrowArray::from_raw(array_pointer.cast().as_ptr()),
        )
    };
    let data_type = DataType::try_from(&schema).map_err(arrow_error)?;
    // SAFETY: `array` was exported with the type in `schema`.
    let data = unsafe { from_ffi_and_data_type(array, data_type.clone()) }.map_err(arrow_error)?;
    Ok((data_type, vec![make_array(data)]))
}

/// One value of an Arrow string column, read in place.
pub(crate) struct ArrowStr {
    chunk: ArrayRef,
    row: usize,
}

impl Deref for ArrowStr {
    type Target = str;

    fn deref(&self) -> &str {
        let chunk = self.chunk.as_ref();
        if let Some(strings) = chunk.as_string_opt::<i64>() {
            strings.value(self.row)
        } else if let Some(strings) = chunk.as_string_opt::<i32>() {
            strings.value(self.row)
        } else {
            chunk.as_string_view().value(self.row)
        }
    }
}

/// The rows of an Arrow string column (`string`, `large_string` or
/// `string_view`, in any number of chunks; an all-null column may have the
/// `null` type): `Some` for a value, `None` for a null.
pub(crate) fn import_texts(obj: &Bound<'_, PyAny>) -> PyResult<Vec<Option<ArrowStr>>> {
    let (data_type, chunks) = import_chunks(obj)?;
    if !matches!(
        data_type,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
    ) {
        return Err(PyTypeError::new_err(format!(
            "texts is an Arrow array of {data_type}, not of strings"
        )));
    }
    let mut rows = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
    for chunk in chunks {
        for row in 0..chunk.len() {
            rows.push(chunk.is_valid(row).then(|| ArrowStr {
                chunk: Arc::clone(&chunk),
                row,
            }));
        }
    }
    Ok(rows)
}

/// A batch call whose result per text is a list of records: Python lists
/// (`to_list`) with `output="list"`, else one Arrow array of `list_type`
/// (a `list<struct>` of [`crate::schema`]) with each record written by `fill`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn record_lists<'py, 't, R, T>(
    py: Python<'py>,
    texts: &'t [BatchText],
    threads: Option<usize>,
    bar: &Progress<'_>,
    output: Output,
    list_type: &DataType,
    compute: impl Fn(&'t str) -> R + Sync,
    to_list: impl FnMut(R) -> PyResult<Bound<'py, PyList>>,
    fill: impl Fn(&mut Record<'_>, T) + Sync,
) -> PyResult<Bound<'py, PyAny>>
where
    R: Send + IntoIterator<Item = T>,
{
    if output == Output::List {
        let lists = super::batch::map_texts(py, texts, threads, bar, compute, to_list)?;
        return Ok(PyList::new(py, lists)?.into_any());
    }
    let mut rows = RecordLists::new(list_type);
    super::batch::for_each_result(py, texts, threads, bar, compute, |found| {
        rows.push(found, &fill)
    })?;
    array_to_pyarrow(py, rows.finish())
}

/// `list` or `arrow` (`pyarrow` arrays built in Rust).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    List,
    Arrow,
}

impl Output {
    pub(crate) fn parse(output: &str) -> PyResult<Self> {
        match output {
            "list" => Ok(Output::List),
            "arrow" => Ok(Output::Arrow),
            other => Err(PyValueError::new_err(format!(
                "output must be 'list' or 'arrow', not {other:?}"
            ))),
        }
    }
}

/// A `large_list<large_string>` column: words, keywords without weights.
pub(crate) struct WordLists(LargeListBuilder<LargeStringBuilder>);

impl WordLists {
    pub(crate) fn new() -> Self {
        WordLists(LargeListBuilder::new(LargeStringBuilder::new()))
    }

    /// A row of `words`, or a null row for `None`.
    pub(crate) fn push<S: AsRef<str>>(&mut self, words: Option<impl IntoIterator<Item = S>>) {
        let Some(words) = words else {
            return self.0.append(false);
        };
        for word in words {
            self.0.values().append_value(word);
        }
        self.0.append(true);
    }

    pub(crate) fn finish(mut self) -> ArrayRef {
        Arc::new(self.0.finish())
    }
}

/// A `large_list<struct<..>>` column of one of [`crate::schema`]'s record
/// types, its fields filled by typed appenders.
pub(crate) struct RecordLists(LargeListBuilder<StructBuilder>);

impl RecordLists {
    pub(crate) fn new(list_type: &DataType) -> Self {
        let fields = match list_type {
            DataType::LargeList(item) => match item.data_type() {
                DataType::Struct(fields) => fields.clone(),
                _ => Fields::empty(),
            },
            _ => Fields::empty(),
        };
        RecordLists(LargeListBuilder::new(StructBuilder::from_fields(fields, 0)))
    }

    /// A row of `items`, each a record whose fields `fill` appends in
    /// order; a null row for `None`.
    pub(crate) fn push<T>(
        &mut self,
        items: Option<impl IntoIterator<Item = T>>,
        fill: impl Fn(&mut Record<'_>, T),
    ) {
        let Some(items) = items else {
            return self.0.append(false);
        };
        let structs = self.0.values();
        for item in items {
            fill(&mut Record { structs, field: 0 }, item);
            structs.append(true);
        }
        self.0.append(true);
    }

    pub(crate) fn finish(mut self) -> ArrayRef {
        Arc::new(self.0.finish())
    }
}

/// The fields of one record being appended, in order.
pub(crate) struct Record<'a> {
    structs: &'a mut StructBuilder,
    field: usize,
}

impl Record<'_> {
    fn next<B: ArrayBuilder>(&mut self) -> &mut B {
        self.field += 1;
        self.structs
            .field_builder::<B>(self.field - 1)
            .expect("a record's values are appended in its schema's order and types")
    }
    pub(crate) fn text(&mut self, value: &str) -> &mut Self {
        self.next::<LargeStringBuilder>().append_value(value);
        self
    }
    pub(crate) fn label(&mut self, value: &str) -> &mut Self {
        self.next::<StringBuilder>().append_value(value);
        self
    }
    pub(crate) fn int(&mut self, value: usize) -> &mut Self {
        self.next::<Int64Builder>().append_value(value as i64);
        self
    }
    pub(crate) fn float(&mut self, value: f64) -> &mut Self {
        self.next::<Float64Builder>().append_value(value);
        self
    }
    pub(crate) fn flag(&mut self, value: bool) -> &mut Self {
        self.next::<BooleanBuilder>().append_value(value);
        self
    }
}

/// The record batches of an Arrow table or record batch.
fn import_batches(rows: &Bound<'_, PyAny>) -> PyResult<Vec<RecordBatch>> {
    let (data_type, chunks) = import_chunks(rows)?;
    if !matches!(data_type, DataType::Struct(_)) {
        return Err(PyTypeError::new_err(format!(
            "rows must be an Arrow table or record batch, not an array of {data_type}"
        )));
    }
    chunks
        .into_iter()
        .map(|chunk| {
            if chunk.null_count() > 0 {
                return Err(PyValueError::new_err("rows must not be null records"));
            }
            Ok(RecordBatch::from(chunk.as_struct().clone()))
        })
        .collect()
}

/// `err`, a core error about the file at `path`, as the exception of its kind.
fn file_error(path: &Path, err: impl crate::error::Kinded) -> PyErr {
    super::errors::exception(err.kind(), format!("{}: {err}", path.display()))
}

/// Appends the rows of an Arrow table or record batch to the file at `path`
/// as JSON Lines (`jsonl::write_batch`, serde), with the GIL released;
/// returns the rows written.
#[pyfunction]
pub(crate) fn _write_jsonl(
    py: Python<'_>,
    rows: &Bound<'_, PyAny>,
    path: PathBuf,
) -> PyResult<usize> {
    let batches = import_batches(rows)?;
    py.detach(|| -> Result<usize, crate::jsonl::Error> {
        use std::io::Write;
        let file = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)?;
        let mut out = std::io::BufWriter::new(file);
        let mut written = 0;
        for batch in &batches {
            written += crate::jsonl::write_batch(batch, &mut out)?;
        }
        out.flush()?;
        Ok(written)
    })
    .map_err(|err| file_error(&path, err))
}

/// A Parquet file written batch by batch in Rust ([`parquet_writer::Writer`],
/// row groups bounded by `row_group_bytes` of encoded pages), created at the
/// first batch with that batch's schema: what `zhtext._parquet.RowGroupWriter`
/// writes with.
#[pyclass(module = "zhtext._zhtext", name = "_ParquetWriter", frozen)]
pub(crate) struct ParquetWriter {
    path: PathBuf,
    row_group_bytes: usize,
    // A Mutex because a Python object may be shared by threads; the writer is
    // only ever used by one call at a time.
    writer: Mutex<Option<parquet_writer::Writer>>,
}

#[pymethods]
impl ParquetWriter {
    #[new]
    fn new(path: PathBuf, row_group_bytes: usize) -> Self {
        ParquetWriter {
            path,
            row_group_bytes,
            writer: Mutex::new(None),
        }
    }

    /// Appends the rows of an Arrow table or record batch, with the GIL
    /// released; every batch must have the first one's types.
    fn write(&self, py: Python<'_>, rows: &Bound<'_, PyAny>) -> PyResult<()> {
        let batches = import_batches(rows)?;
        py.detach(|| -> Result<(), parquet_writer::Error> {
            let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
            for batch in &batches {
                let writer = match &mut *writer {
                    Some(writer) => writer,
                    None => writer.insert(parquet_writer::Writer::create(
                        &self.path,
                        batch.schema(),
                        self.row_group_bytes,
                    )?),
                };
                writer.write(batch)?;
            }
            Ok(())
        })
        .map_err(|err| file_error(&self.path, err))
    }

    /// Writes the open row group and the footer; returns the row groups
    /// written (0 when nothing was, and no file is made). A second call does
    /// nothing.
    fn close(&self, py: Python<'_>) -> PyResult<usize> {
        py.detach(|| {
            let mut writer = self.writer.lock().unwrap_or_else(|e| e.into_inner());
            writer.as_mut().map_or(Ok(0), parquet_writer::Writer::close)
        })
        .map_err(|err| file_error(&self.path, err))
    }
}
