package import Logging

/// The servers' swift-log handler: one line per event, `PREFIX message`,
/// followed by ` key=value` for each metadata entry (sorted by key), written
/// to standard error in one write, so lines from different threads never mix.
package struct LineLogHandler: LogHandler {
    /// The least important level written.
    package var logLevel: Logger.Level
    /// Metadata added to every line of the logger.
    package var metadata: Logger.Metadata = [:]
    private let prefix: String
    private let output: @Sendable (String) -> Void

    /// A handler writing lines of `level` and above, each starting with
    /// `prefix`; `output` gets each line with its newline (default: standard error).
    package init(prefix: String = "", level: Logger.Level,
                output: @escaping @Sendable (String) -> Void = { Stdio.write(Array($0.utf8), to: .error) }) {
        self.prefix = prefix
        self.logLevel = level
        self.output = output
    }

    /// One metadata entry of the logger.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Writes the event's line (the logger has already checked its level).
    package func log(event: LogEvent) {
        var line = prefix + event.message.description
        let all = metadata.merging(event.metadata ?? [:]) { _, event in event }
        for key in all.keys.sorted() {
            line += " \(key)=\(all[key]!)"
        }
        output(line + "\n")
    }
}

extension Logger {
    /// A logger whose events of `level` and above become `PREFIX message`
    /// lines on standard error (``LineLogHandler``).
    package static func lines(label: String, prefix: String = "", level: Logger.Level) -> Logger {
        Logger(label: label) { _ in LineLogHandler(prefix: prefix, level: level) }
    }
}
