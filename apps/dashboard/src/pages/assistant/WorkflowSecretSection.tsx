import type { Api } from '../../api/createApi';
import { SecretSection } from '../../components/SecretSection';

/** The secret that signs workflow deliveries (X-Parley-Signature). */
export function WorkflowSecretSection({ api, botId }: { api: Api; botId: string }) {
  return (
    <SecretSection
      id="workflow-secret"
      title="Workflow secret"
      description={
        <>
          Each workflow delivery carries <code>X-Parley-Signature: sha256=&lt;hex HMAC-SHA256 of “timestamp.body”&gt;</code>{' '}
          made with this secret, the timestamp being the <code>X-Parley-Timestamp</code> header. Check it in your workflow
          before trusting a message.
        </>
      }
      secretLabel="Workflow secret"
      revealLabel="Reveal workflow secret"
      rotateLabel="Rotate workflow secret"
      confirmTitle="Rotate the workflow secret?"
      confirmBody={<p>Deliveries are signed with the new secret from now on: update your workflow’s check right away.</p>}
      rotatedNotice="Workflow secret rotated"
      load={async () => (await api.getWorkflowSecret(botId)).workflowSecret}
      rotate={async () => (await api.rotateWorkflowSecret(botId)).workflowSecret}
    />
  );
}
