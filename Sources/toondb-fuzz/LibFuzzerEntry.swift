#if TOONDB_LIBFUZZER
import Foundation

/// libFuzzer's driver (compiler-rt), linked by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
private func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The program in a build made with `-sanitize=fuzzer` (`scripts/fuzz.sh`):
/// libFuzzer's driver with its usual flags, fuzzing the target named by
/// `TOONDB_FUZZ_TARGET`, after writing its seed files into `TOONDB_FUZZ_SEEDS`
/// when set (``SeedFiles``). (An executable target has a Swift entry point of
/// its own, so the driver is called from it rather than from libFuzzer's `main`.)
@main
enum LibFuzzerMain {
    static func main() {
        let name = ProcessInfo.processInfo.environment["TOONDB_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            fatalError("set TOONDB_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        SeedFiles.writeIfAsked(target)
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in
            let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
            FuzzTarget(rawValue: ProcessInfo.processInfo.environment["TOONDB_FUZZ_TARGET"] ?? "")?.run(bytes)
            return 0
        })
    }
}
#endif
