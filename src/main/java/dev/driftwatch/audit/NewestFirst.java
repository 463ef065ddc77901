package dev.driftwatch.audit;

import dev.driftwatch.finding.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Merges iterators that are each newest first (by detectedAt) into one, lazily: one page of each
 * source in memory at a time, whatever the number of findings. Findings of the same millisecond come
 * out by id, descending, so that a page token (detectedAt, id) resumes exactly.
 */
final class NewestFirst implements Iterator<Finding> {
    static final Comparator<Finding> ORDER =
            Comparator.comparing(Finding::detectedAt).thenComparing(Finding::id).reversed();

    private record Head(Finding finding, Iterator<Finding> source) {}

    private final PriorityQueue<Head> heads = new PriorityQueue<>((a, b) -> ORDER.compare(a.finding(), b.finding()));
    private final List<Finding> sameInstant = new ArrayList<>();
    private int next;

    NewestFirst(List<Iterator<Finding>> sources) {
        for (Iterator<Finding> source : sources) {
            advance(source);
        }
    }

    @Override
    public boolean hasNext() {
        if (next < sameInstant.size()) {
            return true;
        }
        fillSameInstant();
        return next < sameInstant.size();
    }

    @Override
    public Finding next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return sameInstant.get(next++);
    }

    /** Takes every finding of the newest remaining millisecond, then sorts them by id. */
    private void fillSameInstant() {
        sameInstant.clear();
        next = 0;
        if (heads.isEmpty()) {
            return;
        }
        var instant = heads.peek().finding().detectedAt();
        while (!heads.isEmpty() && heads.peek().finding().detectedAt().equals(instant)) {
            Head head = heads.poll();
            sameInstant.add(head.finding());
            advance(head.source());
        }
        sameInstant.sort(ORDER);
    }

    private void advance(Iterator<Finding> source) {
        if (source.hasNext()) {
            heads.add(new Head(source.next(), source));
        }
    }
}
