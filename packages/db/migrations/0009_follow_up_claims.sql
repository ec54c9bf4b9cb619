-- Who is re-running a checkpoint's follow-ups (null while its owner beats): the owner's beat clears it,
-- so a process taken for dead by mistake gets its checkpoint back and the taker stops.
ALTER TABLE "follow_up_checkpoints" ADD COLUMN "claimed_by" uuid;