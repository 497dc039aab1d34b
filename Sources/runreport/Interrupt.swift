import Dispatch
import Foundation
import RunReport

/// Ctrl-C (SIGINT) and SIGTERM. For a command that can stop cleanly between items (`archive`),
/// the first sets `requested`, which long work checks, and a second ends the process; for the
/// others (`atOnce`), the first ends it. Ending the process removes the staging folders under
/// way first (`Staging.removeUnfinished`): an interrupted command leaves no `DIR.partial`.
final class Interrupt: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private let atOnce: Bool
    private var sources: [DispatchSourceSignal] = []

    init(atOnce: Bool = false) {
        self.atOnce = atOnce
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.received() }
            source.resume()
            sources.append(source)
        }
    }

    private func received() {
        let times = lock.withLock { count += 1; return count }
        if times == 1 && !atOnce {
            FileHandle.standardError.write(Data("\nrunreport: stopping after the runs under way (Ctrl-C again to quit now)\n".utf8))
        } else {
            Staging.removeUnfinished()
            FileHandle.standardError.write(Data("\nrunreport: interrupted; nothing was replaced\n".utf8))
            _exit(130)
        }
    }

    var requested: Bool { lock.withLock { count > 0 } }
}
