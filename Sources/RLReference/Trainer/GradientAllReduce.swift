import Foundation

/// Averages gradients across the trainer's ranks every step over loopback TCP: rank 0 listens on
/// `MASTER_ADDR:MASTER_PORT`, every other rank connects; each step every rank sends its shard's mean
/// gradient and sample count, rank 0 forms the sample-weighted mean (the full batch's gradient) and
/// sends it back to all, so every rank applies the same update.
///
/// Each contribution carries a checksum of the sender's parameters; rank 0 refuses to average ranks
/// whose parameters have diverged.
final class GradientAllReduce {
    /// One rank's part of a step.
    struct Contribution {
        var step: Int
        var sampleCount: Int
        var loss: Double
        var parameterChecksum: Double
        var gradient: [Double]
    }

    /// The whole batch's averages.
    struct Average {
        var gradient: [Double]
        var loss: Double
        var sampleCount: Int
    }

    let rank: Int
    let worldSize: Int
    private var peers: [TCPConnection] = []

    /// Joins the group: rank 0 waits until all others have connected; others connect to rank 0.
    init(rank: Int, worldSize: Int, host: String, port: Int, timeout: Duration) throws(SocketError) {
        self.rank = rank
        self.worldSize = worldSize
        guard worldSize > 1 else { return }
        let seconds = Int(timeout.components.seconds)
        if rank == 0 {
            let listener: TCPListener
            do {
                listener = try TCPListener(host: host, port: port)
            } catch {
                throw SocketError(
                    "rank 0 cannot listen on MASTER_ADDR:MASTER_PORT \(host):\(port) (\(error)); pick a free "
                        + "MASTER_PORT (rankrun --master-port)"
                )
            }
            defer { listener.close() }
            var byRank: [Int: TCPConnection] = [:]
            let deadline = ContinuousClock.now + timeout
            while byRank.count < worldSize - 1 {
                var descriptor = pollfd(fd: listener.descriptor, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 100) <= 0 {
                    guard ContinuousClock.now < deadline else {
                        throw SocketError(
                            "only \(byRank.count + 1) of \(worldSize) ranks joined within \(seconds) s: are all "
                                + "ranks started with the same WORLD_SIZE and MASTER_PORT?"
                        )
                    }
                    continue
                }
                let connection = try listener.accept()
                Self.setReceiveTimeout(connection, timeout)
                guard let hello = try connection.read(count: 16) else { continue }
                var reader = ByteFrame.Reader(hello)
                let peerRank = reader.int()
                let peerWorld = reader.int()
                guard peerWorld == worldSize, (1..<worldSize).contains(peerRank), byRank[peerRank] == nil else {
                    throw SocketError("rank \(peerRank) joined with WORLD_SIZE \(peerWorld), expected \(worldSize)")
                }
                byRank[peerRank] = connection
            }
            peers = (1..<worldSize).map { byRank[$0]! }
        } else {
            let connection = try TCPConnection.connect(host: host, port: port, timeout: timeout)
            Self.setReceiveTimeout(connection, timeout)
            var hello = ByteFrame()
            hello.append(rank)
            hello.append(worldSize)
            try connection.write(hello.bytes)
            peers = [connection]
        }
    }

    /// Exchanges this rank's contribution and returns the batch-wide average (identical on all ranks).
    func average(_ mine: Contribution) throws(SocketError) -> Average {
        guard worldSize > 1 else {
            return Average(gradient: mine.gradient, loss: mine.loss, sampleCount: mine.sampleCount)
        }
        if rank != 0 {
            var frame = ByteFrame()
            frame.append(mine.step)
            frame.append(mine.sampleCount)
            frame.append(mine.loss)
            frame.append(mine.parameterChecksum)
            frame.append(mine.gradient)
            try peers[0].write(frame.bytes)
            guard let header = try peers[0].read(count: 32) else { throw SocketError("rank 0 closed the connection") }
            var reader = ByteFrame.Reader(header)
            let step = reader.int()
            let sampleCount = reader.int()
            let loss = reader.double()
            let count = reader.int()
            guard step == mine.step, count == mine.gradient.count, let body = try peers[0].read(count: count * 8) else {
                throw SocketError("rank 0 sent an average for step \(step) with \(count) values; expected \(mine.step)")
            }
            var values = ByteFrame.Reader(body)
            return Average(gradient: (0..<count).map { _ in values.double() }, loss: loss, sampleCount: sampleCount)
        }
        var total = mine.gradient.map { $0 * Double(mine.sampleCount) }
        var totalLoss = mine.loss * Double(mine.sampleCount)
        var totalCount = mine.sampleCount
        for (index, peer) in peers.enumerated() {
            let peerRank = index + 1
            guard let header = try peer.read(count: 40) else {
                throw SocketError("rank \(peerRank) closed the connection during step \(mine.step)")
            }
            var reader = ByteFrame.Reader(header)
            let step = reader.int()
            let sampleCount = reader.int()
            let loss = reader.double()
            let checksum = reader.double()
            let count = reader.int()
            guard step == mine.step, count == total.count else {
                throw SocketError("rank \(peerRank) sent step \(step) with \(count) values; expected step \(mine.step)")
            }
            guard abs(checksum - mine.parameterChecksum) <= 1e-9 * max(1, abs(checksum)) else {
                throw SocketError("rank \(peerRank)'s parameters diverged from rank 0's at step \(mine.step)")
            }
            guard let body = try peer.read(count: count * 8) else {
                throw SocketError("rank \(peerRank) closed the connection during step \(mine.step)")
            }
            var values = ByteFrame.Reader(body)
            for i in 0..<count { total[i] += values.double() * Double(sampleCount) }
            totalLoss += loss * Double(sampleCount)
            totalCount += sampleCount
        }
        let scale = totalCount > 0 ? 1 / Double(totalCount) : 0
        let average = Average(gradient: total.map { $0 * scale }, loss: totalLoss * scale, sampleCount: totalCount)
        var frame = ByteFrame()
        frame.append(mine.step)
        frame.append(totalCount)
        frame.append(average.loss)
        frame.append(average.gradient)
        for peer in peers { try peer.write(frame.bytes) }
        return average
    }

    private static func setReceiveTimeout(_ connection: TCPConnection, _ timeout: Duration) {
        var value = timeval(tv_sec: Int(timeout.components.seconds), tv_usec: 0)
        setsockopt(connection.descriptor, SOL_SOCKET, SO_RCVTIMEO, &value, socklen_t(MemoryLayout<timeval>.size))
    }
}
