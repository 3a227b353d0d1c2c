//! Arrow across the boundary, through the Arrow PyCapsule interface (the C
//! data and C stream interfaces wrapped in capsules, which pyarrow ≥ 14
//! reads without copying): results built in Rust leave as `pyarrow` arrays,
//! record batches and readers, and Arrow string columns come in as texts
//! without a Python `str` per value. Everything Arrow-specific in the
//! binding is here.

use std::ffi::CStr;
use std::sync::{Arc, Mutex};

use arrow_array::ffi::{FFI_ArrowArray, FFI_ArrowSchema};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{Array, ArrayRef, RecordBatch, RecordBatchReader, StructArray};
use arrow_schema::{ArrowError, DataType, Field, FieldRef, SchemaRef};
use pyo3::exceptions::{PyImportError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::schema;

const SCHEMA_CAPSULE: &CStr = c"arrow_schema";
const ARRAY_CAPSULE: &CStr = c"arrow_array";
const STREAM_CAPSULE: &CStr = c"arrow_array_stream";

fn arrow_error(err: ArrowError) -> PyErr {
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
#[allow(dead_code)] // for the batch calls' Arrow output, next
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
