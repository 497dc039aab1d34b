import Dispatch

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
