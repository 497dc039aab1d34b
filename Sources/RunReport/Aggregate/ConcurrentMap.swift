import Dispatch
import Foundation

extension Array {
    /// `map` with the elements transformed on every core at once, results in order: for work
    /// per element (a series, a chart) large enough to outweigh handing it to another thread.
    func concurrentMap<T>(_ transform: (Element) -> T) -> [T] {
        guard count > 1 else { return map(transform) }
        return [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            self.withUnsafeBufferPointer { elements in
                DispatchQueue.concurrentPerform(iterations: elements.count) { index in
                    (base + index).initialize(to: transform(elements[index]))
                }
            }
            initialized = count
        }
    }
}

/// Runs throwing jobs side by side and waits for all of them; rethrows the first job's error
/// (in the jobs' order) when any failed. For jobs that share only what none of them changes.
func runConcurrently(_ jobs: [() throws -> Void]) throws {
    let failures = Slots<Error>(count: jobs.count)
    DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
        do { try jobs[index]() } catch { failures[index] = error }
    }
    if let failure = failures.values.first { throw failure }
}

/// Runs jobs that mostly wait on the disk (writes and their fsyncs) on up to `width` threads
/// of their own, so that their waits overlap however many cores there are; rethrows the first
/// job's error (in the jobs' order).
func runWaitingConcurrently(_ jobs: [() throws -> Void], width: Int = 8) throws {
    guard jobs.count > 1 else { try jobs.first?(); return }
    let failures = Slots<Error>(count: jobs.count)
    let tickets = Tickets()
    let done = DispatchGroup()
    for worker in 0..<min(width, jobs.count) {
        done.enter()
        // A serial queue of its own gets a thread of its own, even when every core is busy.
        DispatchQueue(label: "runreport.write.\(worker)").async {
            while true {
                let index = tickets.take()
                guard index < jobs.count else { break }
                do { try jobs[index]() } catch { failures[index] = error }
            }
            done.leave()
        }
    }
    done.wait()
    if let failure = failures.values.first { throw failure }
}

/// Hands out 0, 1, 2, … to whichever thread asks next.
private final class Tickets: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0

    func take() -> Int {
        lock.withLock {
            defer { next += 1 }
            return next
        }
    }
}
