import ToonCore

/// The aggregate functions by name (lowercase), resolved when a statement is bound.
enum AggregateFunction: String, CaseIterable, Sendable {
    case count, sum, total, avg, min, max, group_concat, string_agg
}

/// One group's state of an aggregate function.
struct AggregateState {
    let function: AggregateFunction
    let distinct: Bool
    private var count: Int64 = 0
    private var intSum: Int64 = 0
    private var realSum: Double = 0
    private var sawReal = false
    private var overflow = false
    private var best: SQLValue = .null
    private var text: String?
    private var seen: Set<SQLValue> = []

    init(function: AggregateFunction, distinct: Bool) {
        self.function = function
        self.distinct = distinct
    }

    /// Adds one row's arguments (empty for `count(*)`); true when the row
    /// became the new minimum or maximum (bare columns then come from it).
    @discardableResult
    mutating func add(_ args: [SQLValue]) -> Bool {
        if function == .count && args.isEmpty { count += 1; return false }
        guard let v = args.first, !v.isNull else { return false }
        if distinct {
            if !seen.insert(v.groupingKey).inserted { return false }
        }
        count += 1
        switch function {
        case .sum, .total, .avg:
            let n: SQLValue
            switch v {
            case .text, .blob:
                n = SQLValue.parseNumber(v.textValue, whole: true) ?? .real(v.doubleValue ?? 0)
            default:
                n = v
            }
            switch n {
            case .integer(let i):
                if !sawReal {
                    let (r, o) = intSum.addingReportingOverflow(i)
                    if o { overflow = true }
                    intSum = r
                }
                realSum += Double(i)
            case .real(let d):
                sawReal = true
                realSum += d
            default: break
            }
        case .min:
            if best.isNull || SQLValue.compare(v, best) < 0 { best = v; return true }
        case .max:
            if best.isNull || SQLValue.compare(v, best) > 0 { best = v; return true }
        case .group_concat, .string_agg:
            let sep = args.count > 1 ? args[1].textValue : ","
            text = text.map { $0 + sep + v.textValue } ?? v.textValue
        case .count: break
        }
        return false
    }

    /// The aggregate's value.
    func result() throws -> SQLValue {
        switch function {
        case .count: return .integer(count)
        case .sum:
            if count == 0 { return .null }
            if sawReal { return .real(realSum) }
            if overflow { throw ToonDBError(.sqlSemantic, "integer overflow in sum()") }
            return .integer(intSum)
        case .total: return .real(realSum)
        case .avg: return count == 0 ? .null : .real(realSum / Double(count))
        case .min, .max: return best
        case .group_concat, .string_agg: return text.map(SQLValue.text) ?? .null
        }
    }
}
