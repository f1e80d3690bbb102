package dev.kubeward.server.findings;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Writes workflow changes (status, owner, due date, exception) of stored findings, and with them, always, the
 * history entries, the findings bar's counts and the events for listeners. Every workflow path (single and bulk
 * actions, exceptions and their expiry) goes through here, so none can forget one of the four. Call it inside a
 * transaction.
 */
@Component
public class FindingWriter {
  private final FindingDao dao;
  private final FindingCountsDao counts;
  private final List<FindingListener> listeners;
  private final Clock clock;

  public FindingWriter(FindingDao dao, FindingCountsDao counts, List<FindingListener> listeners, Clock clock) {
    this.dao = dao;
    this.counts = counts;
    this.listeners = listeners;
    this.clock = clock;
  }

  /**
   * The new workflow state of one finding.
   *
   * @param comment why, for the history
   */
  public record Change(Finding finding, FindingStatus status, String owner, LocalDate dueDate, String exceptionId,
      String comment) {
    /** Nothing changes. */
    public static Change of(Finding f, String comment) {
      return new Change(f, f.status(), f.owner(), f.dueDate(), f.exceptionId(), comment);
    }

    public Change withStatus(FindingStatus s) {
      return new Change(finding, s, owner, dueDate, exceptionId, comment);
    }

    public Change withOwner(String o) {
      return new Change(finding, status, o, dueDate, exceptionId, comment);
    }

    public Change withDueDate(LocalDate d) {
      return new Change(finding, status, owner, d, exceptionId, comment);
    }

    public Change withException(String id) {
      return new Change(finding, status, owner, dueDate, id, comment);
    }

    /** True when this changes anything. */
    public boolean changes() {
      Finding f = finding;
      return f.status() != status || !Objects.equals(f.owner(), owner) || !Objects.equals(f.dueDate(), dueDate)
          || !Objects.equals(f.exceptionId(), exceptionId);
    }
  }

  /** Applies the changes that change something; returns how many did. */
  public int apply(List<Change> changes, String actor) {
    Instant now = clock.instant();
    List<FindingDao.WorkflowUpdate> updates = new ArrayList<>();
    List<FindingChange> history = new ArrayList<>();
    List<FindingEvent> events = new ArrayList<>();
    CountDeltas deltas = new CountDeltas();
    for (Change c : changes) {
      if (!c.changes()) {
        continue;
      }
      Finding f = c.finding();
      updates.add(new FindingDao.WorkflowUpdate(f.id(), c.status(), c.owner(), c.dueDate(), c.exceptionId(), now));
      if (f.status() != c.status()) {
        history.add(new FindingChange(f.id(), now, actor, "status", f.status().apiName(), c.status().apiName(),
            c.comment()));
        deltas.moveStatus(f, c.status());
        events.add(FindingEvent.statusChanged(f, c.status(), actor, c.comment()));
      }
      if (!Objects.equals(f.owner(), c.owner())) {
        history.add(new FindingChange(f.id(), now, actor, "owner", f.owner(), c.owner(), c.comment()));
        if (c.owner() != null) {
          events.add(FindingEvent.assigned(f, c.owner(), c.dueDate(), actor, c.comment()));
        }
      }
      if (!Objects.equals(f.dueDate(), c.dueDate())) {
        history.add(new FindingChange(f.id(), now, actor, "dueDate", str(f.dueDate()), str(c.dueDate()), c.comment()));
      }
      if (!Objects.equals(f.exceptionId(), c.exceptionId())) {
        history.add(new FindingChange(f.id(), now, actor, "exception", f.exceptionId(), c.exceptionId(), c.comment()));
      }
    }
    dao.updateWorkflow(updates);
    dao.insertHistory(history);
    counts.apply(deltas);
    if (!events.isEmpty()) {
      listeners.forEach(l -> l.onEvents(events));
    }
    return updates.size();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
