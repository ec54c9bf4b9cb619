import { useId } from 'react';
import type { Conversation } from '@parley/contracts';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useAsyncAction } from '../../hooks/useAsyncAction';
import { useInbox } from '../../inbox/useInbox';
import { useNotify } from '../../notify/useNotify';
import { assigneeName } from './assigneeName';

/** Assign to me, an assignee menu, and Resolve / Reopen (agents, admins and owners only). */
export function ConversationActions({ conversation }: { conversation: Conversation }) {
  const { assignees, members, myUserId, assign, setStatus, setHumanMode } = useInbox();
  const notify = useNotify();
  const { pending, error, run } = useAsyncAction();
  const id = useId();
  const { assigneeId } = conversation;
  const knownAssignee = assigneeId === null || assignees.some((m) => m.userId === assigneeId);

  function assignTo(userId: string | null) {
    void run(async () => {
      await assign(conversation.id, userId);
      notify(userId === null ? 'Conversation unassigned' : `Assigned to ${assigneeName(userId, members, myUserId)}`);
    });
  }

  function changeStatus(status: 'open' | 'resolved') {
    void run(async () => {
      await setStatus(conversation.id, status);
      notify(status === 'resolved' ? 'Conversation resolved' : 'Conversation reopened');
    });
  }

  function changeMode(human: boolean) {
    void run(async () => {
      await setHumanMode(conversation.id, human);
      notify(human ? 'You took over from the bot' : 'Conversation handed back to the bot');
    });
  }

  return (
    <div className="conversation-actions">
      <div className="conversation-actions-row">
        {conversation.status !== 'resolved' ? (
          conversation.humanMode ? (
            <button type="button" className="button button-secondary button-small" disabled={pending} onClick={() => { changeMode(false); }}>
              Hand back to bot
            </button>
          ) : (
            <button type="button" className="button button-secondary button-small" disabled={pending} onClick={() => { changeMode(true); }}>
              Take over
            </button>
          )
        ) : null}
        {assigneeId !== myUserId ? (
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={pending}
            onClick={() => { assignTo(myUserId); }}
          >
            Assign to me
          </button>
        ) : null}
        <span className="assignee-field">
          {/* The options say it ("Unassigned", a name): the label is for screen readers. */}
          <label htmlFor={id} className="sr-only">
            Assignee
          </label>
          <select
            id={id}
            className="select select-compact"
            value={assigneeId ?? ''}
            disabled={pending}
            onChange={(event) => {
              const value = event.currentTarget.value;
              assignTo(value === '' ? null : value);
            }}
          >
            <option value="">Unassigned</option>
            {assignees.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name || m.email}
                {m.userId === myUserId ? ' (you)' : ''}
              </option>
            ))}
            {!knownAssignee ? <option value={assigneeId}>{assigneeName(assigneeId, members, myUserId)}</option> : null}
          </select>
        </span>
        {conversation.status === 'resolved' ? (
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={pending}
            onClick={() => { changeStatus('open'); }}
          >
            Reopen
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary button-small"
            disabled={pending}
            onClick={() => { changeStatus('resolved'); }}
          >
            Resolve
          </button>
        )}
      </div>
      <ErrorAlert error={error} />
    </div>
  );
}
