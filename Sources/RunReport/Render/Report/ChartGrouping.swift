/// How many charts are grouped on a page: by their metric's prefix, once a page has more than 24
/// of them in more than one group. The prefix is the name up to its first `/` or `.`; a group of
/// more than 40 is cut again by the next part (up to the next `/`, `.` or `_`), and one still past
/// 60 is cut into parts of 40 in name order (`train (2/6)`): a run of 230 `train/…` metrics is
/// not one group of 230. Names that share no such prefix (thousands of groups of one) are grouped
/// by their first word (up to `_`, `-` or a space), and failing that in name order, 40 a group
/// named by its first and last (`acc … f1_score`): an index of thousands of metrics lists groups
/// of up to 40, not thousands of groups of one.
enum ChartGrouping {
    /// Groups at most this large are not cut into parts.
    static let largest = 60

    /// Each group's name and its members' positions in `titles`, in first-seen order; nil when
    /// the charts are shown as one list.
    static func groups(_ titles: [String]) -> [(name: String, members: [Int])]? {
        guard let parts = byPrefix(titles, separators: ["/", "."]) else { return nil }
        if parts.count <= largest { return parts }
        if let words = byPrefix(titles, separators: ["/", ".", "_", "-", " "]), words.count <= largest { return words }
        // In name order, 40 a group.
        let order = titles.indices.sorted { titles[$0].utf8.lexicographicallyPrecedes(titles[$1].utf8) }
        return stride(from: 0, to: order.count, by: 40).map { start in
            let members = Array(order[start..<min(order.count, start + 40)])
            let first = titles[members[0]].prefix(24), last = titles[members[members.count - 1]].prefix(24)
            return (first == last ? String(first) : first + " … " + last, members)
        }
    }

    private static func byPrefix(_ titles: [String], separators: Set<Character>) -> [(name: String, members: [Int])]? {
        func prefix(_ metric: Substring, separators: Set<Character>) -> Substring {
            metric.firstIndex(where: { separators.contains($0) }).map { metric[..<$0] } ?? metric
        }
        func key(_ metric: String, refined: Bool) -> String {
            let first = prefix(metric[...], separators: separators)
            guard refined, first.endIndex < metric.endIndex else { return String(first) }
            let rest = metric[metric.index(after: first.endIndex)...]
            return String(first) + String(metric[first.endIndex]) + String(prefix(rest, separators: separators.union(["_"])))
        }
        let coarse = Dictionary(grouping: titles) { key($0, refined: false) }.mapValues(\.count)
        var order: [String] = [], members: [String: [Int]] = [:]
        for (index, title) in titles.enumerated() {
            let group = key(title, refined: (coarse[key(title, refined: false)] ?? 0) > 40)
            if members[group] == nil { order.append(group) }
            members[group, default: []].append(index)
        }
        var parts: [(name: String, members: [Int])] = []
        for key in order {
            let list = members[key] ?? []
            guard list.count > largest else { parts.append((key, list)); continue }
            let count = (list.count + 39) / 40
            for part in 0..<count {
                parts.append(("\(key) (\(part + 1)/\(count))", Array(list[(part * 40)..<min(list.count, part * 40 + 40)])))
            }
        }
        return titles.count > 24 && parts.count > 1 ? parts : nil
    }
}
