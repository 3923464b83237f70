-- eMSP (issue 7): commands are swept by age (io.evstack.emsp.ocpi.CommandSweep): a command without a CommandResult
-- past its deadline gets TIMEOUT stored (OCPI 2.2.1 section 13), and finished commands are deleted 30 days after
-- their last activity, so emsp_command stays bounded. Both passes select by created_at.
CREATE INDEX ix_emsp_command_created ON emsp_command (created_at);
