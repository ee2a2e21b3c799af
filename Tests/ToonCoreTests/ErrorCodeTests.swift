import Foundation
import Testing
import ToonCore

/// `ErrorCode` is an open set: codes are their names, unknown ones survive.
@Suite struct ErrorCodeTests {
    @Test func knownCodesAreDistinctAndPrintTheirNames() {
        #expect(Set(ErrorCode.known).count == ErrorCode.known.count)
        #expect(Set(ErrorCode.known.map(\.rawValue)).count == ErrorCode.known.count)
        #expect("\(ErrorCode.notFound)" == "notFound")
        #expect(ToonDBError(.corruption, "x.seg at offset 4: bad").description == "corruption: x.seg at offset 4: bad")
    }

    @Test func aCodeThisVersionDoesNotKnowArrivesIntact() throws {
        let future = ErrorCode(rawValue: "quotaExceeded")
        #expect(!ErrorCode.known.contains(future))
        #expect(future == ErrorCode(rawValue: "quotaExceeded") && future != .rateLimited)
        let json = try JSONEncoder().encode([future, .locked])
        #expect(String(decoding: json, as: UTF8.self) == #"["quotaExceeded","locked"]"#)
        #expect(try JSONDecoder().decode([ErrorCode].self, from: json) == [future, .locked])
    }

    @Test func switchesMatchTheNamedCodes() {
        func kind(_ code: ErrorCode) -> String {
            switch code {
            case .notFound: "missing"
            case .corruption, .ioError: "storage"
            default: "other \(code)"
            }
        }
        #expect(kind(.notFound) == "missing")
        #expect(kind(ErrorCode(rawValue: "ioError")) == "storage")
        #expect(kind(ErrorCode(rawValue: "brandNew")) == "other brandNew")
    }
}
