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
