import Dispatch
import Foundation
import Synchronization
internal import GRPCCore
import ToonCore

/// A running watch (``EtcdClient/watch(_:rangeEnd:startRevision:handler:)``):
/// its handler gets the events, in revision order, one at a time, on the
/// watch's own dispatch queue. When the stream to one endpoint breaks, the
/// watch resumes on the next endpoint from the revision after the last one
/// delivered, so no event is lost or repeated. It runs until ``cancel()``
/// or until its client is closed (dropping the handle does not stop it).
package final class EtcdWatch: Sendable {
    /// The revision the next event will have at least.
    let next: Atomic<Int64>
    private let cancelled = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Never>?>(nil)
    /// Signalled when the watch's loop has ended.
    private let finished = DispatchSemaphore(value: 0)
    /// Signalled once: the first watcher is created, or the loop ended before.
    private let ready = DispatchSemaphore(value: 0)
    private let readyError = Mutex<ToonDBError?>(nil)
    private let delivery: DispatchQueue
    private let onDeliveryQueue = DispatchSpecificKey<Bool>()
    private let handler: @Sendable (EtcdWatchEvent) -> Void
    /// Where ``requestProgress()`` sends its requests: the current stream's request writer.
    private let progressRequests = Mutex<AsyncStream<Void>.Continuation?>(nil)

    init(startRevision: Int64, handler: @escaping @Sendable (EtcdWatchEvent) -> Void) {
        next = Atomic(startRevision)
        self.handler = handler
        delivery = DispatchQueue(label: "toondb.etcd.watch")
        delivery.setSpecific(key: onDeliveryQueue, value: true)
    }

    /// Stops the watch. When it returns, the handler is not running and will not
    /// be called again (unless it is the handler itself calling). Cancelling twice does nothing.
    package func cancel() {
        guard !cancelled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        task.withLock { $0 }?.cancel()
        _ = finished.wait(timeout: .now() + 10)
        if DispatchQueue.getSpecific(key: onDeliveryQueue) != true { delivery.sync {} }
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Asks the member for a ``EtcdWatchEvent/progress(revision:)`` event: it
    /// comes after every change up to the cluster's current revision has been
    /// delivered. A request made while the watch is between streams is sent
    /// when the next stream starts.
    package func requestProgress() {
        progressRequests.withLock { sink in
            if let sink { sink.yield() } else { pendingProgress.store(true, ordering: .relaxed) }
        }
    }

    private let pendingProgress = Atomic<Bool>(false)

    /// The progress requests of a new stream (any made while no stream was open come first).
    func progressStream() -> AsyncStream<Void> {
        let (stream, continuation) = AsyncStream<Void>.makeStream()
        progressRequests.withLock { sink in
            sink?.finish()
            sink = continuation
            if pendingProgress.exchange(false, ordering: .relaxed) { continuation.yield() }
        }
        return stream
    }

    func deliver(_ event: EtcdWatchEvent) {
        delivery.async { [self] in
            if !isCancelled { handler(event) }
        }
    }

    func start(_ task: Task<Void, Never>) { self.task.withLock { $0 = task } }

    func becameReady(_ error: ToonDBError?) {
        readyError.withLock { $0 = error }
        ready.signal()
    }

    func loopEnded() {
        ready.signal()   // if nothing was created
        finished.signal()
    }

    /// Waits until the first watcher exists; throws why it could not be made.
    func waitUntilReady(timeout: Duration) throws {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18
        if ready.wait(timeout: .now() + seconds) == .timedOut {
            cancel()
            throw ToonDBError(.unavailable, "etcd Watch: no endpoint created the watcher within \(timeout)",
                              remediation: "retry; check that a majority of the etcd members is running")
        }
        if let error = readyError.withLock({ $0 }) {
            cancel()
            throw error
        }
    }
}

extension EtcdClient {
    /// Watches `key`, or every key in [key, rangeEnd), from `startRevision`
    /// (inclusive; 0: from now), calling `handler` with each event in
    /// revision order on a background queue. Returns once the watcher exists,
    /// so every change after the return is delivered. A compacted start
    /// revision ends the watch with ``EtcdWatchEvent/compacted(revision:)``.
    /// The handler may call this client (it runs on its own queue).
    package func watch(_ key: [UInt8], rangeEnd: [UInt8]? = nil, startRevision: Int64 = 0,
                       handler: @escaping @Sendable (EtcdWatchEvent) -> Void) throws -> EtcdWatch {
        if isClosed { throw closedError() }
        guard startRevision >= 0 else {
            throw ToonDBError(.invalidArgument, "a watch starts at revision ≥ 0, not \(startRevision)")
        }
        let watch = EtcdWatch(startRevision: startRevision, handler: handler)
        watch.start(Task(executorPreference: executor) {
            await self.runWatch(watch, key: key, rangeEnd: rangeEnd)
            watch.loopEnded()
        })
        try watch.waitUntilReady(timeout: options.timeout * connections.count)
        return watch
    }

    /// How one watch stream ended.
    private enum StreamEnd: Sendable {
        case broken   // the server ended the stream; resume elsewhere
        case stop     // compacted or canceled: the watch is over
    }

    private func runWatch(_ watch: EtcdWatch, key: [UInt8], rangeEnd: [UInt8]?) async {
        var index = preferred.load(ordering: .relaxed)
        var failures = 0
        let created = Atomic<Bool>(false)
        let streamed = Atomic<Bool>(false)   // this stream delivered a created response
        while !watch.isCancelled && !isClosed && !Task.isCancelled {
            let c = connections[index % connections.count]
            do {
                let end = try await attempt("Watch", on: c) { c, _, metadata in
                    try await self.watchStream(c, metadata: metadata, watch: watch, key: key, rangeEnd: rangeEnd) {
                        if !created.exchange(true, ordering: .relaxed) { watch.becameReady(nil) }
                        streamed.store(true, ordering: .relaxed)
                    }
                }
                if case .stop = end { return }
            } catch let failure as EtcdFailure {
                switch failure.kind {
                case .notSent, .unknownOutcome:
                    break   // try the next endpoint
                case .invalidToken, .final:
                    if !created.load(ordering: .relaxed) { watch.becameReady(failure.error) } else { watch.deliver(.ended(failure.error)) }
                    return
                }
            } catch {
                return   // cancelled
            }
            if watch.isCancelled || isClosed { return }
            // A stream that worked for a while starts the backoff afresh.
            failures = streamed.exchange(false, ordering: .relaxed) ? 1 : failures + 1
            index += 1
            try? await Task.sleep(for: .milliseconds(min(failures, 10) * 100))
        }
    }

    /// One Watch stream on `c`, from the watch's next revision, until it breaks or the watch stops.
    private func watchStream(_ c: Connection, metadata: Metadata, watch: EtcdWatch, key: [UInt8], rangeEnd: [UInt8]?,
                             onCreated: @escaping @Sendable () -> Void) async throws -> StreamEnd {
        var create = Etcdserverpb_WatchCreateRequest()
        create.key = Data(key)
        if let rangeEnd { create.rangeEnd = Data(rangeEnd) }
        create.startRevision = watch.next.load(ordering: .relaxed)
        var request = Etcdserverpb_WatchRequest()
        request.createRequest = create
        var options = CallOptions.defaults
        options.waitForReady = false   // no deadline: a watch lasts
        options.maxResponseMessageBytes = 1 << 30
        let endpoint = c.endpoint
        let message = request
        return try await Etcdserverpb_Watch.Client(wrapping: c.client).watch(
            metadata: metadata, options: options,
            requestProducer: { writer in
                try await writer.write(message)
                // Keep the request side open (etcd ends the stream when it closes), sending progress requests.
                var progress = Etcdserverpb_WatchRequest()
                progress.progressRequest = Etcdserverpb_WatchProgressRequest()
                for await _ in watch.progressStream() { try await writer.write(progress) }
                while true { try await Task.sleep(for: .seconds(3600)) }
            },
            onResponse: { response in
                for try await message in response.messages {
                    if message.compactRevision > 0 {
                        watch.deliver(.compacted(revision: message.compactRevision))
                        return .stop
                    }
                    if message.canceled {
                        let reason = message.cancelReason.isEmpty ? "the watcher was canceled" : message.cancelReason
                        let code: ErrorCode = reason.contains("permission denied") ? .policyDenied : .ioError
                        let error = ToonDBError(code, "etcd Watch at \(endpoint): \(reason)")
                        watch.deliver(.ended(error))
                        return .stop
                    }
                    if message.created {
                        if watch.next.load(ordering: .relaxed) == 0 {
                            watch.next.store(message.header.revision + 1, ordering: .relaxed)
                        }
                        onCreated()
                    }
                    if message.events.isEmpty && !message.created && !message.fragment {
                        // A progress notification: every event up to its revision was sent before it.
                        watch.deliver(.progress(revision: message.header.revision))
                        continue
                    }
                    for event in message.events {
                        switch event.type {
                        case .delete:
                            watch.deliver(.delete(key: [UInt8](event.kv.key), revision: event.kv.modRevision))
                        default:
                            watch.deliver(.put(EtcdKeyValue(event.kv)))
                        }
                        watch.next.store(event.kv.modRevision + 1, ordering: .relaxed)
                    }
                }
                return .broken
            })
    }
}
