import Foundation
import Testing
import ToonCore
@testable import ToonFormat

/// Where the shared TOON conformance material lives: `../shared/conformance/toon`
/// beside the package root (read in place, never copied).
enum ToonConformance {
    static var root: URL {
        URL(fileURLWithPath: #filePath)     // …/Tests/ToonFormatTests/ToonFixtureTests.swift
            .deletingLastPathComponent()    // …/Tests/ToonFormatTests
            .deletingLastPathComponent()    // …/Tests
            .deletingLastPathComponent()    // the package root
            .appendingPathComponent("../shared/conformance/toon").standardizedFileURL
    }

    /// The v4.0 fixture files (`tests/fixtures/{decode,encode}/*.json`), sorted.
    static func fixtureFiles() throws -> [String] {
        var files: [String] = []
        for category in ["decode", "encode"] {
            let dir = root.appendingPathComponent("tests/fixtures/\(category)")
            for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".json") {
                files.append("\(category)/\(name)")
            }
        }
        return files.sorted()
    }

    static func read(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }
}

/// Equality in the JSON data model (TOON spec §2): ordered keys, numbers by value.
func jsonModelEqual(_ a: Value, _ b: Value) -> Bool {
    switch (a, b) {
    case (.object(let x), .object(let y)):
        guard x.count == y.count else { return false }
        return zip(x, y).allSatisfy { $0.key == $1.key && jsonModelEqual($0.value, $1.value) }
    case (.array(let x), .array(let y)):
        return x.count == y.count && zip(x, y).allSatisfy { jsonModelEqual($0, $1) }
    default:
        if let p = a.doubleValue, let q = b.doubleValue { return p == q }
        return a == b
    }
}

/// Runs every case of every v4.0 fixture file and of the examples folder,
/// printing `passed/total` per file and overall; any failure fails the test.
@Suite struct ToonFixtureTests {
    struct Outcome {
        var file: String
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    static func decoderOptions(_ o: OrderedDictionary<String, Value>?) -> ToonDecoder.Options {
        var options = ToonDecoder.Options()
        if let n = (o?["indentSize"] ?? o?["indent"])?.intValue { options.indentSize = Int(n) }
        if let s = o?["strict"]?.boolValue { options.strict = s }
        return options
    }

    static func encoderOptions(_ o: OrderedDictionary<String, Value>?) -> ToonEncoder.Options {
        var options = ToonEncoder.Options()
        if let n = (o?["indentSize"] ?? o?["indent"])?.intValue { options.indentSize = Int(n) }
        switch o?["delimiter"]?.stringValue {
        case "\t": options.delimiter = .tab
        case "|": options.delimiter = .pipe
        default: break
        }
        return options
    }

    /// Runs one fixture case; nil when it passes, else why not.
    static func run(_ test: OrderedDictionary<String, Value>, category: String) -> String? {
        let name = test["name"]?.stringValue ?? "?"
        let options = test["options"]?.objectValue
        let shouldError = test["shouldError"]?.boolValue ?? false
        let input = test["input"] ?? .null
        let expected = test["expected"] ?? .null
        if category == "decode" {
            guard let text = input.stringValue else { return "\(name): input is not a string" }
            do {
                let got = try ToonDecoder(options: decoderOptions(options)).decode(text)
                if shouldError { return "\(name): decoded \(got.jsonText()) but should fail" }
                return jsonModelEqual(got, expected) ? nil : "\(name): got \(got.jsonText()), want \(expected.jsonText())"
            } catch {
                return shouldError ? nil : "\(name): \(error)"
            }
        }
        let got = ToonEncoder(options: encoderOptions(options)).encode(input)
        if got == expected.stringValue { return nil }
        // Numbers outside the canonical range may be spelled several ways (spec §2): compare decoded.
        if hasNonCanonicalNumber(input), let decoded = try? ToonDecoder().decode(got), jsonModelEqual(decoded, input) { return nil }
        return "\(name): got \(got.debugDescription), want \((expected.stringValue ?? "").debugDescription)"
    }

    /// Whether `v` holds a non-zero number with |n| < 1e-6 or |n| ≥ 1e21.
    static func hasNonCanonicalNumber(_ v: Value) -> Bool {
        switch v {
        case .double(let d): return d != 0 && (abs(d) < 1e-6 || abs(d) >= 1e21)
        case .array(let a): return a.contains(where: hasNonCanonicalNumber)
        case .object(let o): return o.values.contains(where: hasNonCanonicalNumber)
        default: return false
        }
    }

    static func runFile(_ relative: String) throws -> Outcome {
        let fixture = try Value(json: try ToonConformance.read("tests/fixtures/" + relative))
        let category = fixture["category"]?.stringValue ?? ""
        var outcome = Outcome(file: relative)
        for case .object(let test) in fixture["tests"]?.arrayValue ?? [] {
            outcome.total += 1
            if let failure = run(test, category: category) { outcome.failures.append(failure) } else { outcome.passed += 1 }
        }
        return outcome
    }

    /// The `examples/` folder: valid files decode, invalid ones fail, conversions match both ways.
    static func runExamples() throws -> Outcome {
        var outcome = Outcome(file: "examples/")
        let fm = FileManager.default
        func check(_ label: String, _ ok: () throws -> Bool) {
            outcome.total += 1
            if (try? ok()) == true { outcome.passed += 1 } else { outcome.failures.append(label) }
        }
        for kind in ["valid", "invalid"] {
            let dir = ToonConformance.root.appendingPathComponent("examples/\(kind)").path
            for name in try fm.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".toon") {
                let text = try ToonConformance.read("examples/\(kind)/\(name)")
                check("\(kind)/\(name)") {
                    let decoded = try? ToonDecoder().decode(text)
                    return kind == "valid" ? decoded != nil : decoded == nil
                }
            }
        }
        let conversions = ToonConformance.root.appendingPathComponent("examples/conversions").path
        for name in try fm.contentsOfDirectory(atPath: conversions).sorted() where name.hasSuffix(".json") {
            let base = String(name.dropLast(5))
            let json = try Value(json: try ToonConformance.read("examples/conversions/\(name)"))
            var toon = try ToonConformance.read("examples/conversions/\(base).toon")
            while toon.hasSuffix("\n") { toon.removeLast() }
            check("conversions/\(base) decode") { jsonModelEqual(try ToonDecoder().decode(toon), json) }
            check("conversions/\(base) encode") { ToonEncoder().encode(json) == toon }
        }
        return outcome
    }

    @Test func everyFixturePasses() throws {
        var outcomes = try ToonConformance.fixtureFiles().map(Self.runFile)
        outcomes.append(try Self.runExamples())
        var passed = 0, total = 0
        print("TOON conformance (spec v4.0, \(ToonConformance.root.path)):")
        for o in outcomes {
            passed += o.passed
            total += o.total
            print("  \(o.file.padding(toLength: 34, withPad: " ", startingAt: 0)) \(o.passed)/\(o.total)")
            for f in o.failures { print("    FAIL \(f)") }
        }
        print("  overall: \(passed)/\(total)")
        #expect(total >= 516, "expected at least the 516 v4.0 cases, found \(total)")
        for o in outcomes where !o.failures.isEmpty {
            Issue.record("\(o.file): \(o.failures.count) failing case(s), first: \(o.failures[0])")
        }
    }
}
