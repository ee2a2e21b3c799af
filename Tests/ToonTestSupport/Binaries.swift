import Foundation

/// Finds and runs the package's built executables from tests.
public enum Binaries {
    /// The directory holding the built products (the test bundle's directory).
    public static var productsDirectory: URL {
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // On Linux the test runner is `<products>/<Package>PackageTests.xctest`.
        while !FileManager.default.fileExists(atPath: url.appendingPathComponent("toondb").path),
              url.path != "/" {
            url.deleteLastPathComponent()
        }
        return url
    }

    /// The path of an executable product such as `toondb`.
    public static func path(_ name: String) -> String {
        productsDirectory.appendingPathComponent(name).path
    }

    /// What a finished process printed and returned.
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs an executable product to completion with `stdin` as its input;
    /// killed, and ``RawProcess/TimedOut`` thrown, after `timeout`.
    @discardableResult
    public static func run(_ name: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:], timeout: Duration = .seconds(300)) throws -> Result {
        let r = try RawProcess.run(path(name), arguments, stdin: stdin.map { Data($0.utf8) }, environment: environment,
                                   timeout: timeout)
        return Result(status: r.status, stdout: r.stdoutText, stderr: r.stderrText)
    }
}
