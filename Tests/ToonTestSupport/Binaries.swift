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

    /// Runs an executable to completion with `stdin` as its input.
    @discardableResult
    public static func run(_ name: String, _ arguments: [String], stdin: String? = nil,
                           environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path(name))
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Read both pipes fully before waiting, so a chatty child cannot block.
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self))
    }
}
