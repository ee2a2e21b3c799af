@_exported import ToonCore
import ToonStorage

/// When a committed write reaches stable storage: `.full`, `.normal` or `.off` (SPEC §1).
public typealias SyncMode = ToonStorage.SyncMode
