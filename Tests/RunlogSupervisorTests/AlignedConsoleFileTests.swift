import Foundation
import Glibc
import Testing

@testable import RunlogSupervisor

/// A busy tee's console writes to a regular file end on 64 KiB boundaries, what is held is written by
/// the next batch or a flush, the file gets exactly the bytes it was given, in order, and blocks allocated
/// ahead of a large write never stay past the file's end.
@Suite struct AlignedConsoleFileTests {
    /// Distinct bytes, so a reordered or lost piece shows.
    private static func batch(_ number: Int, _ count: Int) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ number &* 31) }
    }

    private static func size(_ fd: Int32) -> Int {
        var info = stat()
        fstat(fd, &info)
        return Int(info.st_size)
    }

    /// Writes numbered batches of the given sizes to a new console file as a busy tee does, calls `check`
    /// after each with the file's descriptor and everything given so far, flushes, and expects the file to
    /// hold exactly what was given.
    private func writeBatches(
        _ counts: [Int],
        flags: Int32,
        check: (_ number: Int, _ count: Int, _ fd: Int32, _ given: [UInt8]) -> Void
    ) throws {
        let fixture = try Fixture()
        let path = fixture.path("console")
        let fd = open(path, O_WRONLY | O_CREAT | flags, 0o644)
        #expect(fd >= 0)
        defer { close(fd) }
        var console = AlignedConsoleFile(fd: fd)
        var given: [UInt8] = []
        for (number, count) in counts.enumerated() {
            let bytes = Self.batch(number, count)
            bytes.withUnsafeBytes { console.write($0, mayHoldTail: true) }
            given += bytes
            check(number, count, fd, given)
        }
        console.flush()
        check(counts.count, 0, fd, given)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == given)
    }

    @Test func largeBatchesToAFileEndOnBoundariesAndAFlushWritesTheRest() throws {
        // A small line first leaves the file off a boundary, as a quiet start does.
        try writeBatches([100, 70_000, 40_000, 20_000, 300_001, 16_384], flags: O_TRUNC) { number, count, fd, given in
            let written = Self.size(fd)
            if count >= AlignedConsoleFile.busyBatchBytes {
                #expect(written % AlignedConsoleFile.alignment == 0, "batch \(number): \(written) bytes written")
                #expect(given.count - written < AlignedConsoleFile.alignment)
            } else {
                #expect(written == given.count, "a small batch, or the flush, writes all that is held")
            }
        }
    }

    /// The bytes the file system has allocated to the file.
    private static func allocated(_ fd: Int32) -> Int {
        var info = stat()
        fstat(fd, &info)
        return Int(info.st_blocks) * 512
    }

    /// What a file system may count for the file's own bookkeeping: ext4 counts an extent-tree block once
    /// a file has more than four extents (`filefrag -v` shows no extent past the end then). More than
    /// this over the file's size is space allocated past its end.
    private static let extentTreeSlack = 2 * 4096

    @Test func blocksAllocatedAheadOfLargeWritesNeverOutlastTheFileEnd() throws {
        // A console file is the user's: allocating a write's blocks ahead must leave nothing allocated past
        // the end, batch after batch and after the last flush.
        try writeBatches([37, 1_200_000, 300_000, 70_000, 2_000_001, 262_144], flags: O_APPEND) { number, _, fd, _ in
            let size = Self.size(fd)
            let roundedUp = (size + 4095) / 4096 * 4096
            #expect(
                Self.allocated(fd) <= roundedUp + Self.extentTreeSlack,
                "batch \(number): \(Self.allocated(fd)) allocated for \(size)"
            )
        }
    }

    @Test func aSmallBatchWritesWhatIsHeldFirst() throws {
        let fixture = try Fixture()
        let path = fixture.path("console")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        var console = AlignedConsoleFile(fd: fd)
        let large = Self.batch(1, 100_000)
        let small = Self.batch(2, 10)
        large.withUnsafeBytes { console.write($0, mayHoldTail: true) }
        #expect(Self.size(fd) == AlignedConsoleFile.alignment)
        small.withUnsafeBytes { console.write($0, mayHoldTail: true) }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == large + small)
    }

    @Test func aBatchThatMayNotBeHeldIsWrittenWholeAfterWhatIsHeld() throws {
        // A custom sink's batches (a timer's summaries) have no loop to write a held tail later.
        let fixture = try Fixture()
        let path = fixture.path("console")
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        defer { close(fd) }
        var console = AlignedConsoleFile(fd: fd)
        let first = Self.batch(1, 100_000)
        let second = Self.batch(2, 100_000)
        first.withUnsafeBytes { console.write($0, mayHoldTail: true) }
        second.withUnsafeBytes { console.write($0, mayHoldTail: false) }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == first + second)
    }

    @Test func aPipeGetsLargeBatchesWhole() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer {
            close(fds[0])
            close(fds[1])
        }
        var console = AlignedConsoleFile(fd: fds[1])
        let bytes = Self.batch(3, 20_000)  // fits in the pipe's buffer
        bytes.withUnsafeBytes { console.write($0, mayHoldTail: true) }
        var received = [UInt8](repeating: 0, count: 30_000)
        var total = 0
        var flags = fcntl(fds[0], F_GETFL)
        flags |= O_NONBLOCK
        _ = fcntl(fds[0], F_SETFL, flags)
        while true {
            let count = received.withUnsafeMutableBytes { read(fds[0], $0.baseAddress! + total, $0.count - total) }
            if count <= 0 { break }
            total += count
        }
        #expect(Array(received[0..<total]) == bytes)
    }
}
