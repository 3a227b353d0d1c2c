//! JSON Lines of Arrow record batches, written with serde: one JSON object per
//! row, its keys the column names in order, values as pandas'
//! `read_json(lines=True)` reads them back. `zhtext analyze --out rows.jsonl`
//! writes its rows through here, batch by batch.
//!
//! Strings are written as UTF-8 (not `\u` escapes), nulls as `null`, lists
//! as arrays, structs as objects, timestamps as ISO 8601 text
//! (`2022-06-07T15:00:58+00:00`, fractions of a second only when there are
//! any), non-finite floats as `null` (JSON has no NaN).
//!
//! ```
//! use std::sync::Arc;
//! use arrow_array::{ArrayRef, Int64Array, LargeStringArray, RecordBatch};
//!
//! let batch = RecordBatch::try_from_iter([
//!     ("id", Arc::new(LargeStringArray::from(vec![Some("a"), None])) as ArrayRef),
//!     ("n", Arc::new(Int64Array::from(vec![1, 2])) as ArrayRef),
//! ])
//! .unwrap();
//! let mut out = Vec::new();
//! zhtext::jsonl::write_batch(&batch, &mut out).unwrap();
//! assert_eq!(String::from_utf8(out).unwrap(), "{\"id\":\"a\",\"n\":1}\n{\"id\":null,\"n\":2}\n");
//! ```

use std::io::Write;

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};
use arrow_array::{Array, RecordBatch};
use arrow_schema::{DataType, TimeUnit};
use serde::ser::{Error as _, SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::error::{Kind, Kinded};

/// Why rows could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The output could not be written (a full disk, a size limit, ...).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A column of a type without a JSON form here (e.g. binary).
    #[error("{0}")]
    Unsupported(String),
}

impl Kinded for Error {
    fn kind(&self) -> Kind {
        match self {
            Error::Io(source) => source.kind().into(),
            Error::Unsupported(_) => Kind::InvalidArgument,
        }
    }
}

impl From<serde_json::Error> for Error {
    fn from(err: serde_json::Error) -> Self {
        match err.io_error_kind() {
            Some(kind) => Error::Io(std::io::Error::new(kind, err.to_string())),
            None => Error::Unsupported(err.to_string()),
        }
    }
}

/// Writes every row of `batch` to `out` as one line of JSON; returns the rows written.
pub fn write_batch<W: Write>(batch: &RecordBatch, mut out: W) -> Result<usize, Error> {
    let names: Vec<&str> = batch
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    for row in 0..batch.num_rows() {
        serde_json::to_writer(
            &mut out,
            &Row {
                names: &names,
                columns: batch.columns(),
                row,
            },
        )?;
        out.write_all(b"\n")?;
    }
    Ok(batch.num_rows())
}

/// One row: named values, in column order.
struct Row<'a> {
    names: &'a [&'a str],
    columns: &'a [arrow_array::ArrayRef],
    row: usize,
}

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.names.len()))?;
        for (name, column) in self.names.iter().zip(self.columns) {
            map.serialize_entry(
                name,
                &Value {
                    array: column.as_ref(),
                    row: self.row,
                },
            )?;
        }
        map.end()
    }
}

/// One value of an Arrow array.
struct Value<'a> {
    array: &'a dyn Array,
    row: usize,
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (a, i) = (self.array, self.row);
        if a.is_null(i) {
            return s.serialize_none();
        }
        match a.data_type() {
            DataType::Null => s.serialize_none(),
            DataType::Boolean => s.serialize_bool(a.as_boolean().value(i)),
            DataType::Int8 => s.serialize_i8(a.as_primitive::<Int8Type>().value(i)),
            DataType::Int16 => s.serialize_i16(a.as_primitive::<Int16Type>().value(i)),
            DataType::Int32 => s.serialize_i32(a.as_primitive::<Int32Type>().value(i)),
            DataType::Int64 => s.serialize_i64(a.as_primitive::<Int64Type>().value(i)),
            DataType::UInt8 => s.serialize_u8(a.as_primitive::<UInt8Type>().value(i)),
            DataType::UInt16 => s.serialize_u16(a.as_primitive::<UInt16Type>().value(i)),
            DataType::UInt32 => s.serialize_u32(a.as_primitive::<UInt32Type>().value(i)),
            DataType::UInt64 => s.serialize_u64(a.as_primitive::<UInt64Type>().value(i)),
            DataType::Float32 => float(s, f64::from(a.as_primitive::<Float32Type>().value(i))),
            DataType::Float64 => float(s, a.as_primitive::<Float64Type>().value(i)),
            DataType::Utf8 => s.serialize_str(a.as_string::<i32>().value(i)),
            DataType::LargeUtf8 => s.serialize_str(a.as_string::<i64>().value(i)),
            DataType::Utf8View => s.serialize_str(a.as_string_view().value(i)),
            DataType::Timestamp(unit, tz) => {
                let ticks = a
                    .as_primitive_opt::<arrow_array::types::TimestampNanosecondType>()
                    .map(|t| t.value(i))
                    .or_else(|| {
                        a.as_primitive_opt::<arrow_array::types::TimestampMicrosecondType>()
                            .map(|t| t.value(i))
                    })
                    .or_else(|| {
                        a.as_primitive_opt::<arrow_array::types::TimestampMillisecondType>()
                            .map(|t| t.value(i))
                    })
                    .or_else(|| {
                        a.as_primitive_opt::<arrow_array::types::TimestampSecondType>()
                            .map(|t| t.value(i))
                    })
                    .unwrap_or_default();
                let utc = match tz.as_deref() {
                    None => false,
                    Some("UTC" | "+00:00" | "Z" | "Etc/UTC") => true,
                    Some(other) => {
                        return Err(S::Error::custom(format!(
                        "timestamps in time zone {other} have no JSON form here (convert to UTC)"
                    )))
                    }
                };
                s.serialize_str(&iso8601(ticks, *unit, utc))
            }
            DataType::List(_) => {
                let list = a.as_list::<i32>();
                items(s, list.value(i).as_ref())
            }
            DataType::LargeList(_) => {
                let list = a.as_list::<i64>();
                items(s, list.value(i).as_ref())
            }
            DataType::Struct(fields) => {
                let record = a.as_struct();
                let mut map = s.serialize_map(Some(fields.len()))?;
                for (field, column) in fields.iter().zip(record.columns()) {
                    map.serialize_entry(
                        field.name(),
                        &Value {
                            array: column.as_ref(),
                            row: i,
                        },
                    )?;
                }
                map.end()
            }
            other => Err(S::Error::custom(format!(
                "a column of type {other} has no JSON form here"
            ))),
        }
    }
}

fn float<S: Serializer>(s: S, value: f64) -> Result<S::Ok, S::Error> {
    if value.is_finite() {
        s.serialize_f64(value)
    } else {
        s.serialize_none()
    }
}

fn items<S: Serializer>(s: S, values: &dyn Array) -> Result<S::Ok, S::Error> {
    let mut seq = s.serialize_seq(Some(values.len()))?;
    for row in 0..values.len() {
        seq.serialize_element(&Value { array: values, row })?;
    }
    seq.end()
}

/// `ticks` of `unit` since the Unix epoch as ISO 8601: `2022-06-07T15:00:58`, then
/// `.ffffff` (or nine digits when there are nanoseconds) when not a whole second, and
/// `+00:00` when `utc` (pandas' `Timestamp.isoformat()`).
fn iso8601(ticks: i64, unit: TimeUnit, utc: bool) -> String {
    let per_second: i64 = match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    };
    let seconds = ticks.div_euclid(per_second);
    let nanos = ticks.rem_euclid(per_second) * (1_000_000_000 / per_second);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let mut out = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        second_of_day / 3600,
        second_of_day / 60 % 60,
        second_of_day % 60
    );
    if nanos % 1_000 != 0 {
        out += &format!(".{nanos:09}");
    } else if nanos != 0 {
        out += &format!(".{:06}", nanos / 1_000);
    }
    if utc {
        out += "+00:00";
    }
    out
}

/// The proleptic Gregorian (year, month, day) of a day count since 1970-01-01
/// (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow_array::builder::{LargeListBuilder, LargeStringBuilder};
    use arrow_array::{ArrayRef, Float64Array, TimestampNanosecondArray};

    use super::*;

    fn line(batch: &RecordBatch) -> String {
        let mut out = Vec::new();
        write_batch(batch, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn timestamps_are_iso_8601_as_pandas_writes_them() {
        assert_eq!(
            iso8601(1_654_614_058_000, TimeUnit::Millisecond, true),
            "2022-06-07T15:00:58+00:00"
        );
        assert_eq!(
            iso8601(1_654_614_058_123_000_000, TimeUnit::Nanosecond, false),
            "2022-06-07T15:00:58.123000"
        );
        assert_eq!(
            iso8601(-1, TimeUnit::Nanosecond, false),
            "1969-12-31T23:59:59.999999999"
        );
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn lists_structs_nulls_and_chinese_text_round_trip_through_serde_json() {
        let mut words = LargeListBuilder::new(LargeStringBuilder::new());
        words.values().append_value("中亚");
        words.values().append_null();
        words.append(true);
        words.append(false);
        let published = TimestampNanosecondArray::from(vec![Some(1_654_614_058_000_000_000), None])
            .with_timezone("UTC");
        let weights = Float64Array::from(vec![f64::NAN, 0.5]);
        let batch = RecordBatch::try_from_iter([
            ("tokens", Arc::new(words.finish()) as ArrayRef),
            ("published", Arc::new(published) as ArrayRef),
            ("weight", Arc::new(weights) as ArrayRef),
        ])
        .unwrap();
        assert_eq!(
            line(&batch),
            "{\"tokens\":[\"中亚\",null],\"published\":\"2022-06-07T15:00:58+00:00\",\"weight\":null}\n\
             {\"tokens\":null,\"published\":null,\"weight\":0.5}\n"
        );
    }

    #[test]
    fn a_column_without_a_json_form_is_an_error_naming_its_type() {
        let binary = arrow_array::BinaryArray::from(vec![&b"x"[..]]);
        let batch = RecordBatch::try_from_iter([("b", Arc::new(binary) as ArrayRef)]).unwrap();
        let err = write_batch(&batch, Vec::new()).unwrap_err();
        assert_eq!(err.kind(), Kind::InvalidArgument);
        assert!(err.to_string().contains("Binary"), "{err}");
    }
}
