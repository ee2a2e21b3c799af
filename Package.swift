// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "ToonDB",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ToonDB", targets: ["ToonDB"]),
        .executable(name: "toondb", targets: ["toondb"]),
        .executable(name: "toondb-bench", targets: ["toondb-bench"]),
        .executable(name: "toondb-server", targets: ["toondb-server"]),
        .executable(name: "toondb-bulk", targets: ["toondb-bulk"]),
        .executable(name: "toondb-grpc-server", targets: ["toondb-grpc-server"]),
        .library(name: "ToonGRPC", targets: ["ToonGRPC"]),
        .library(name: "ToonConnect", targets: ["ToonConnect"]),
        .library(name: "ToonHTTPAgents", targets: ["ToonHTTPAgents"]),
    ],
    traits: [
        // gRPC client support in ToonConnect (connect("host:port"), toondb --grpc). On by default, so
        // `swift build` and `swift test` build everything; `make demo` builds toondb without it
        // (`--disable-default-traits`), which leaves gRPC, SwiftNIO and swift-protobuf uncompiled.
        .trait(name: "GRPC", description: "gRPC client support in ToonConnect and toondb (--grpc HOST:PORT)"),
        .default(enabledTraits: ["GRPC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Insecure.MD5 for sqllogictest's result hashes (ToonSLT); gRPC's TLS stack builds it anyway.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // gRPC: only ToonGRPC, ToonEtcd, toondb-grpc-server (and their tests) and, with the GRPC trait, ToonConnect depend on these.
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        // SwiftNIO itself: only ToonEtcd's PingAnswerer (a handler in the gRPC transport's pipeline) and its test.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        // AsyncHTTPClient (on SwiftNIO and swift-nio-ssl): only ToonHTTPAgents (remote tool agents) and its tests.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
    ],
    targets: [
        // Floor 1: bytes, errors, codecs, the file-system seam.
        .target(name: "ToonCore", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")]),
        // Floor 1: vector distance kernels in C, one build per x86-64 instruction set, chosen at run time.
        .target(name: "CVectorKernels"),
        // Floor 1: GNU readline and history (only ToonConsole's LineReader calls it).
        .systemLibrary(name: "CReadline", path: "Sources/CReadline"),
        // Floor 2: what the executables share: errors to one line and exit status 1 (`Program`),
        // unbuffered standard output and error (`Stdio`), the progress bar, the servers' log lines (`LineLogHandler`).
        .target(name: "ToonCLI", dependencies: ["ToonCore", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                                               .product(name: "Logging", package: "swift-log")]),
        // Floor 2: the LSM engine.
        .target(name: "ToonStorage", dependencies: ["ToonCore"], exclude: ["FORMAT.md"]),
        // Floor 2: TOON and JSON text, result-set rendering.
        .target(name: "ToonFormat", dependencies: ["ToonCore"]),
        // Floor 2: vector and text (BM25) indexes, persisted through files and a protocol ToonDB implements.
        .target(name: "ToonIndex", dependencies: ["ToonCore", "CVectorKernels"], exclude: ["Vector/FORMAT.md", "Text/FORMAT.md"]),
        // Floor 3: bulk vector files (.npy, .fvecs, raw float32) and whole-file index builds and queries (toondb-bulk).
        .target(name: "ToonBulk", dependencies: ["ToonCore", "ToonIndex"]),
        // Floor 3: SQL on the engine's transactions.
        .target(name: "ToonSQL", dependencies: ["ToonCore", "ToonStorage"]),
        // Floor 3: the etcd v3 client (generated code from Proto/etcd/ + EtcdClient), for the etcd storage backend.
        // Nothing in the lean `toondb` (--disable-default-traits) may depend on it.
        .target(
            name: "ToonEtcd",
            dependencies: ["ToonCore", "ToonStorage",
                           .product(name: "GRPCCore", package: "grpc-swift-2"),
                           .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                           .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "NIOCore", package: "swift-nio"),
                           .product(name: "NIOHTTP2", package: "swift-nio-http2")]),
        // Floor 4: the public face.
        .target(name: "ToonDB", dependencies: ["ToonCore", "ToonStorage", "ToonFormat", "ToonIndex", "ToonSQL",
                                              .product(name: "OrderedCollections", package: "swift-collections")]),
        // Floor 5: the IPC wire protocol (server and client) over a Unix socket.
        .target(name: "ToonWire", dependencies: ["ToonCore", "ToonFormat", "ToonDB", .product(name: "Logging", package: "swift-log")], exclude: ["PROTOCOL.md"]),
        // Floor 1: the wide-character ncurses API (the explorer's Terminal only).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        // Floor 6: the terminal explorer (toondb(1), EXPLORER); data only through ToonDB's DataSource,
        // the query history through ToonCommands' HistoryStore (shared with the console).
        .target(name: "ToonExplorer",
                dependencies: ["ToonCore", "ToonFormat", "ToonCommands", "ToonDB", "CNcursesw",
                               .product(name: "TOMLKit", package: "TOMLKit")]),
        // Floor 5: remote tool agents over http:// and https:// (AsyncHTTPClient), ToonDB's RemoteAgentTransport.
        // Nothing in the lean `toondb` (--disable-default-traits) may depend on it.
        .target(name: "ToonHTTPAgents",
                dependencies: ["ToonDB", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                               .product(name: "NIOCore", package: "swift-nio"),
                               .product(name: "NIOPosix", package: "swift-nio"),
                               .product(name: "NIOSSL", package: "swift-nio-ssl")]),
        // Floor 5: the gRPC VectorIndexService and KvService (generated code from Proto/ + service + client).
        .target(
            name: "ToonGRPC",
            dependencies: ["ToonCore", "ToonDB", "ToonIndex",
                           .product(name: "GRPCCore", package: "grpc-swift-2"),
                           .product(name: "GRPCNIOTransportHTTP2", package: "grpc-swift-nio-transport"),
                           .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                           .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                           .product(name: "Logging", package: "swift-log")]),
        // Floor 6: connect(_:mode:) picks the embedded database, the IPC client or (with the GRPC trait) the gRPC client.
        .target(name: "ToonConnect",
                dependencies: ["ToonCore", "ToonDB", "ToonWire", .target(name: "ToonGRPC", condition: .when(traits: ["GRPC"])),
                               .target(name: "ToonEtcd", condition: .when(traits: ["GRPC"]))]),
        .executableTarget(
            name: "toondb-grpc-server",
            dependencies: ["ToonGRPC", "ToonDB", "ToonCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]),
        // Floor 5: the console's commands on a DataSource (shared with the explorer's `:` line).
        .target(name: "ToonCommands", dependencies: ["ToonCore", "ToonSQL", "ToonDB"]),
        // Floor 6: the readline console.
        .target(name: "ToonConsole", dependencies: ["ToonCommands", "ToonDB", "CReadline"]),
        // Executables: argument parsing and wiring only.
        .executableTarget(
            name: "toondb-server",
            dependencies: ["ToonWire", "ToonDB", "ToonConnect", "ToonCLI", .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "toondb",
            dependencies: ["ToonCore", "ToonFormat", "ToonIndex", "ToonDB", "ToonExplorer", "ToonConnect", "ToonCommands",
                           "ToonConsole", "ToonCLI",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Floor 1: the system SQLite (benchmarks and tests only).
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite"),
        // Floor 1: the system LMDB (toondb-bench's second key-value anchor only).
        .systemLibrary(name: "CLMDB", path: "Sources/CLMDB"),
        .executableTarget(
            name: "toondb-bench",
            dependencies: ["ToonCore", "ToonDB", "ToonIndex", "ToonBulk", "CSQLite", "CLMDB", "ToonExplorer", "ToonConnect", "ToonEtcd",
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(
            name: "toondb-bulk",
            dependencies: ["ToonBulk", "ToonIndex", "ToonCore", "ToonCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Test helper: writes acknowledged keys until it is killed (crash tests).
        .executableTarget(name: "toondb-crash-writer", dependencies: ["ToonDB"]),
        // Fuzzing: replays a corpus in an ordinary build; scripts/fuzz.sh builds it for libFuzzer.
        .executableTarget(name: "toondb-fuzz", dependencies: ["ToonCore", "ToonStorage", "ToonIndex", "ToonDB", "ToonFormat", "ToonWire"]),
        .target(name: "ToonTestSupport", dependencies: ["ToonCore", "ToonStorage", "ToonDB", "ToonIndex", "CSQLite"], path: "Tests/ToonTestSupport"),
        .testTarget(name: "ToonCoreTests", dependencies: ["ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonCLITests", dependencies: ["ToonCLI", .product(name: "Logging", package: "swift-log"),
                                                    .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "ToonStorageTests", dependencies: ["ToonStorage", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonFormatTests", dependencies: ["ToonFormat", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonDBTests", dependencies: ["ToonDB", "ToonCore", "ToonFormat", "ToonStorage", "ToonTestSupport",
                                                        "ToonHTTPAgents"]),
        .testTarget(name: "ToonHTTPAgentsTests", dependencies: ["ToonHTTPAgents", "ToonDB", "ToonTestSupport",
                                                                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                                                .product(name: "NIOSSL", package: "swift-nio-ssl")]),
        .testTarget(name: "ToonIndexTests", dependencies: ["ToonIndex", "ToonDB", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonBulkTests", dependencies: ["ToonBulk", "ToonIndex", "ToonCore", "ToonTestSupport"]),
        .testTarget(name: "ToonSQLTests", dependencies: ["ToonSQL", "ToonDB", "ToonConnect", "ToonTestSupport"]),
        .testTarget(name: "ToonExplorerTests", dependencies: ["ToonExplorer", "ToonCommands", "ToonDB", "ToonFormat", "ToonTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ToonTestSupport", "ToonDB"]),
        .testTarget(name: "ToonCommandsTests", dependencies: ["ToonCommands", "ToonDB", "ToonTestSupport"]),
        .testTarget(name: "ToonConsoleTests", dependencies: ["ToonConsole", "ToonCommands", "CReadline", "ToonDB", "ToonTestSupport"]),
        .testTarget(name: "ToonWireTests", dependencies: ["ToonWire", "ToonDB", "ToonTestSupport"]),
        .testTarget(name: "ToonEtcdTests", dependencies: ["ToonEtcd", "ToonStorage", "ToonConnect", "ToonDB", "ToonCore", "ToonTestSupport",
                                                          "ToonWire",
                                                          .product(name: "NIOEmbedded", package: "swift-nio"),
                                                          .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(name: "ToonGRPCTests", dependencies: ["ToonGRPC", "ToonConnect", "ToonWire", "ToonDB", "ToonCore", "ToonTestSupport"]),
        // Floor 5: the sqllogictest runner.
        .target(name: "ToonSLT", dependencies: ["ToonDB", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "toondb-slt",
            dependencies: ["ToonSLT", "ToonCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .testTarget(name: "SQLLogicTests", dependencies: ["ToonSLT", "ToonTestSupport"],
                    exclude: ["floors.json"]),
    ],
    swiftLanguageModes: [.v6]
)
