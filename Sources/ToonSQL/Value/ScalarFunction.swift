/// The scalar functions by name (lowercase), resolved once when a statement
/// is bound, so evaluating a call switches on a case, not on its name.
enum ScalarFunction: String, CaseIterable, Sendable {
    case abs, length, lower, upper, substr, substring, round, coalesce, ifnull, nullif
    case typeof, min, max, instr, replace, trim, ltrim, rtrim, hex, quote, char
    case unicode, iif, random, sign, likely, unlikely, current_timestamp, current_date
    case current_time, zeroblob, printf, format
}
