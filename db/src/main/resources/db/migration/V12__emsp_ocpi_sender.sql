-- eMSP OCPI role, Sender side (issue 7): commands we send to CPOs and where pull synchronisation stands.

-- A command sent to a CPO (OCPI 2.2.1 section 13, Sender): command_id is the uuid in our response_url,
-- {commands url}/{command}/{command_id}. response_* is the CPO's synchronous CommandResponse (13.3.1),
-- result* the CommandResult it POSTs later (13.3.2). The result may arrive before the response does.
CREATE TABLE emsp_command (
    pk                BIGINT AUTO_INCREMENT PRIMARY KEY,
    command_id        VARCHAR(36)  NOT NULL,
    cpo_pk            BIGINT       NOT NULL,
    command           VARCHAR(20)  NOT NULL,
    request           TEXT         NOT NULL,
    created_at        DATETIME(3)  NOT NULL,
    response_result   VARCHAR(20),
    response_timeout  INT,
    response_message  VARCHAR(500),
    responded_at      DATETIME(3),
    result            VARCHAR(30),
    result_message    VARCHAR(500),
    result_at         DATETIME(3),
    CONSTRAINT uk_emsp_command_id UNIQUE (command_id),
    CONSTRAINT fk_emsp_command_cpo FOREIGN KEY (cpo_pk) REFERENCES emsp_cpo (pk)
);
CREATE INDEX ix_emsp_command_cpo ON emsp_command (cpo_pk);

-- Pull synchronisation (the Sender GET lists of locations, sessions, CDRs and tariffs): the next pass of a
-- module asks only for objects last updated since synced_from, the start of the last pass that completed.
CREATE TABLE emsp_pull_sync (
    pk           BIGINT AUTO_INCREMENT PRIMARY KEY,
    cpo_pk       BIGINT       NOT NULL,
    module       VARCHAR(20)  NOT NULL,
    synced_from  DATETIME(3)  NOT NULL,
    objects      INT          NOT NULL,
    synced_at    DATETIME(3)  NOT NULL,
    CONSTRAINT uk_emsp_pull_sync UNIQUE (cpo_pk, module),
    CONSTRAINT fk_emsp_pull_sync_cpo FOREIGN KEY (cpo_pk) REFERENCES emsp_cpo (pk)
);
