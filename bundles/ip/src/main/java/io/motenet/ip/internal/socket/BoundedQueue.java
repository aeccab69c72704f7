package io.motenet.ip.internal.socket;

import java.util.ArrayDeque;

/** A FIFO bounded by a count, that refuses (rather than blocks or grows) when full. */
final class BoundedQueue<T> {
    private final ArrayDeque<T> items = new ArrayDeque<>();
    private final int capacity;

    BoundedQueue(int capacity) {
        this.capacity = capacity;
    }

    boolean offer(T item) {
        if (items.size() >= capacity) {
            return false;
        }
        items.addLast(item);
        return true;
    }

    T poll() {
        return items.pollFirst();
    }

    T peek() {
        return items.peekFirst();
    }

    int size() {
        return items.size();
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    void clear() {
        items.clear();
    }
}
