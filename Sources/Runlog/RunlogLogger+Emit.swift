extension RunlogLogger {
    /// Writes `message` to every sink; the level was already checked. Built-in text sinks get the message
    /// bytes and this logger's pre-rendered line prefix, encoded straight into their buffers; other sinks get
    /// a ``LogRecord``.
    @usableFromInline
    func emit(_ level: LogLevel, _ message: consuming LogMessage, file: String, function: String, line: UInt) {
        dispatch(level, message.utf8, file: file, function: function, line: line)
        message.recycle()
    }

    /// ``emit(_:_:file:function:line:)`` for a message that is already a `String`.
    @usableFromInline
    func emitText(_ level: LogLevel, _ message: String, file: String, function: String, line: UInt) {
        var text = message
        text.withUTF8 { bytes in dispatch(level, bytes, file: file, function: function, line: line) }
    }

    @inline(__always)
    private func dispatch(
        _ level: LogLevel,
        _ message: UnsafeBufferPointer<UInt8>,
        file: String,
        function: String,
        line: UInt
    ) {
        // Unmanaged: the logger keeps its targets alive, so the log path needs no reference counting here.
        let (targets, hasMetadata, hasRecordSinks) = Unmanaged.passUnretained(self.targets)._withUnsafeGuaranteedRef {
            ($0.text, $0.hasMetadata, $0.hasRecordSinks)
        }
        // Text lines show whole seconds; only records (JSON lines, other sinks) carry the exact time.
        let now = hasRecordSinks ? Timestamp.now() : Timestamp(seconds: SecondClock.now(), nanoseconds: 0)
        for target in targets {
            let encoder = target.encoder
            let layout = encoder.layout
            if layout.showsLocation || (layout.showsMetadata && hasMetadata) {
                writeDetailed(target, now.seconds, level, message, file, line)
            } else {
                target.writer.writeText(
                    TextLine(
                        encoder: encoder,
                        seconds: now.seconds,
                        level: level,
                        prefix: target.prefixes[level],
                        message: message
                    )
                )
            }
        }
        if hasRecordSinks {
            writeRecords(makeRecord(level, message, file, function, line, now))
        }
    }

    /// Writes one line that shows bound metadata or the call site to `target` (kept out of the usual path,
    /// whose line has only trivial fields).
    @inline(never)
    private func writeDetailed(
        _ target: SinkTargets.Text,
        _ seconds: Int,
        _ level: LogLevel,
        _ message: UnsafeBufferPointer<UInt8>,
        _ file: String,
        _ line: UInt
    ) {
        let encoder = target.encoder
        target.writer.write(
            DetailedTextLine(
                encoder: encoder,
                seconds: seconds,
                level: level,
                prefix: target.prefixes[level],
                message: message,
                metadata: encoder.layout.showsMetadata ? self.targets.metadata : nil,
                file: encoder.layout.showsLocation ? file : nil,
                line: line
            )
        )
    }

    /// Writes `record` to the sinks that take records (JSON lines, sinks implemented elsewhere).
    @inline(never)
    private func writeRecords(_ record: LogRecord) {
        for sink in targets.records { sink.write(record) }
    }

    private func makeRecord(
        _ level: LogLevel,
        _ message: UnsafeBufferPointer<UInt8>,
        _ file: String,
        _ function: String,
        _ line: UInt,
        _ timestamp: Timestamp
    ) -> LogRecord {
        LogRecord(
            level: level,
            message: String(decoding: message, as: UTF8.self),
            tag: tag,
            metadata: metadata,
            file: file,
            function: function,
            line: line,
            timestamp: timestamp,
            rank: rank
        )
    }

    /// Writes a ready record to every sink without a level check (the swift-log bridge filters by the
    /// intercepted logger's own level).
    func write(_ record: LogRecord) {
        for sink in sinks { sink.write(record) }
    }
}
