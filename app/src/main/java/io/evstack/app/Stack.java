package io.evstack.app;

import io.evstack.csms.Housekeeping;
import io.evstack.csms.api.ApiCredentials;
import io.evstack.csms.api.ApiServer;
import io.evstack.csms.api.ApiServices;
import io.evstack.csms.authorization.AuthorizationService;
import io.evstack.csms.authorization.RemoteAuthorizer;
import io.evstack.csms.chargepoint.ChargePointService;
import io.evstack.csms.chargepoint.ChargerKeys;
import io.evstack.csms.chargepoint.ConnectionTracker;
import io.evstack.csms.datatransfer.DataTransferRouter;
import io.evstack.csms.devicemodel.DeviceModelService;
import io.evstack.csms.event.InProcessEventBus;
import io.evstack.csms.firmware.FirmwareService;
import io.evstack.csms.messagelog.MessageLog;
import io.evstack.csms.ocpp16.Ocpp16CallHandler;
import io.evstack.csms.ocpp16.Ocpp16Operations;
import io.evstack.csms.ocpp201.Ocpp201CallHandler;
import io.evstack.csms.ocpp201.Ocpp201Operations;
import io.evstack.csms.ocpp201.VersionRouter;
import io.evstack.csms.pki.CertificateAuthorityStore;
import io.evstack.csms.pki.LocalCertificateAuthority;
import io.evstack.csms.report.StationReportService;
import io.evstack.csms.reservation.ReservationService;
import io.evstack.csms.security.ChargerPasswordAuthenticator;
import io.evstack.csms.security.PasswordHasher;
import io.evstack.csms.security.SecurityEventService;
import io.evstack.csms.security.SecurityProfileUpgrade;
import io.evstack.csms.smartcharging.ChargingNeedsService;
import io.evstack.csms.smartcharging.ChargingProfileRepository;
import io.evstack.csms.smartcharging.LoadBalancer;
import io.evstack.csms.smartcharging.OcppProfileSender;
import io.evstack.csms.smartcharging.site.SiteRepository;
import io.evstack.csms.smartcharging.site.SiteService;
import io.evstack.csms.transaction.TransactionService;
import io.evstack.db.Database;
import io.evstack.db.DatabaseConfig;
import io.evstack.emsp.EmspServer;
import io.evstack.emsp.ocpi.EmspOcpi;
import io.evstack.ocpi.OcpiBridge;
import io.evstack.ocpi.OcpiConfig;
import io.evstack.ocpp.OcppVersion;
import io.evstack.ocpp.server.ChargerGateway;
import io.evstack.ocpp.server.ChargerSession;
import io.evstack.ocpp.server.OcppServer;
import io.evstack.ocpp.server.OcppServerConfig;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole stack of one node, wired in plain sight: database, CSMS services (OCPP 1.6 and 2.0.1, smart
 * charging), the OCPP server, the operator API, the OCPI bridge and the co-located eMSP, which reaches the
 * CPO side only through OCPI. Construction starts nothing; {@link #start()} does, in dependency order, and
 * {@link #close()} stops in reverse.
 */
public final class Stack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Stack.class);

    private final StackConfig config;
    private final Clock clock;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final InProcessEventBus events = new InProcessEventBus(InProcessEventBus.Settings.DEFAULT, metrics);
    private Database database;
    private MessageLog messageLog;
    private OcppServer ocppServer;
    private Housekeeping housekeeping;
    private ApiServer apiServer;
    private ChargePointService chargePoints;
    private AuthorizationService authorization;
    private TransactionService transactions;
    private Ocpp16Operations operations;
    private volatile OcpiBridge ocpiBridge; // read by the 2.0.1 handler (running cost), which starts first
    private LoadBalancer balancer;
    private Ocpp201Operations operations201;
    private volatile EmspServer emsp; // read by OCPP threads (Plug & Charge) once started
    private LocalCertificateAuthority certificateAuthority;

    private final boolean ownsDatabase;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    public Stack(StackConfig config, Clock clock) {
        this(config, clock, null);
    }

    /** With a database that someone else started and will close (tests). */
    public Stack(StackConfig config, Clock clock, Database database) {
        this.config = config;
        this.clock = clock;
        this.database = database;
        this.ownsDatabase = database == null;
    }

    public Stack start() {
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        if (database == null) {
            DatabaseConfig dbConfig = config.dbUrl() == null
                    ? DatabaseConfig.h2File(config.dataDir())
                    : new DatabaseConfig(config.dbUrl(), config.dbUser(), config.dbPassword(), config.dbPoolSize());
            database = Database.start(dbConfig);
        }
        var dsl = database.dsl();

        PasswordHasher hasher = PasswordHasher.standard();
        chargePoints = new ChargePointService(dsl, clock, events, hasher, config.unknownChargers(),
                config.heartbeatIntervalSeconds(), 60, config.nodeId(), ChargerKeys.remembering());
        // Tags the CSMS does not know are asked of the eMSPs over OCPI once the bridge is up.
        var remoteAuthorizer = new java.util.concurrent.atomic.AtomicReference<>(RemoteAuthorizer.NONE);
        authorization = new AuthorizationService(dsl, clock, idTag -> remoteAuthorizer.get().authorize(idTag));
        transactions = new TransactionService(dsl, clock, events, authorization, chargePoints.keys());
        var reservations = new ReservationService(dsl, clock);
        var firmware = new FirmwareService(dsl, clock, chargePoints);
        var security = new SecurityEventService(dsl, clock, chargePoints);
        messageLog = new MessageLog(dsl, clock, config.messageLogRetention());
        // One certificate authority signs the CSRs of both OCPP versions; kept on disk, so that charger
        // certificates it signed still verify after a restart (security profile 3).
        // Every certificate it signs is recorded, for OCSP (2.0.1 M06) and revocation by the operator.
        var issuedCertificates = new io.evstack.csms.pki.IssuedCertificates(dsl, clock);
        certificateAuthority = CertificateAuthorityStore.openOrCreate(config.security().caKeyStore(),
                config.security().caKeyStorePassword(), clock).recordingTo(issuedCertificates);
        var dataTransfer16 = new DataTransferRouter();
        var handler = new Ocpp16CallHandler(chargePoints, authorization, transactions, firmware, security,
                dataTransfer16, certificateAuthority, () -> operations);
        // OCPP 2.0.1 on the same services; its operations reach the gateway once the server exists.
        var deviceModel = new DeviceModelService(dsl, chargePoints);
        var stationReports = new StationReportService(dsl, clock, chargePoints);
        operations201 = new Ocpp201Operations(dsl, clock, () -> ocppServer.gateway(), chargePoints, authorization,
                transactions, deviceModel, stationReports);
        var siteRepository = new SiteRepository(dsl);
        var chargingNeeds = new ChargingNeedsService(dsl, clock, events, chargePoints, siteRepository);
        events.subscribe(chargingNeeds::onEvent);
        // C07 and M06: the co-located eMSP's contract CA answers in process (it starts after the OCPP server)
        io.evstack.csms.pki.LocalContractIssuers contractIssuers = new EmspContractIssuers(
                () -> emsp == null ? null : emsp.contractCertificates());
        var certificateStatus = new io.evstack.csms.pki.CertificateStatusService(certificateAuthority, issuedCertificates,
                java.time.Duration.ofSeconds(10), config.security().ocspResponders(), contractIssuers);
        var handler201 = new Ocpp201CallHandler(new Ocpp201CallHandler.Services(chargePoints, authorization,
                transactions, reservations, firmware, security, new DataTransferRouter(), deviceModel, stationReports,
                chargingNeeds,
                certificateAuthority, operations201,
                // I02/I03: the tariffs are the OCPI bridge's, which starts after this handler
                new io.evstack.csms.transaction.RunningCostProvider() {
                    @Override
                    public java.util.Optional<java.math.BigDecimal> totalCost(io.evstack.csms.transaction.Transaction tx) {
                        return ocpiBridge == null ? java.util.Optional.empty() : ocpiBridge.runningCost().totalCost(tx);
                    }

                    @Override
                    public java.util.Optional<TariffText> tariffText(String chargePointId, int connectorId) {
                        // the tariffs' texts, shown as the driver's personalMessage
                        return ocpiBridge == null ? java.util.Optional.empty()
                                : new TariffTexts(dsl, new io.evstack.ocpi.tariffs.TariffService(dsl, clock,
                                        ocpiBridge.config())).of(chargePointId, connectorId);
                    }
                },
                certificateStatus,
                // M01/M02: no contract certificate provider (CPS) yet; the EV's requests are kept and Failed
                io.evstack.csms.pki.ContractCertificateProvider.NONE,
                new io.evstack.csms.pki.ContractCertificateValidation(certificateStatus, contractIssuers,
                        config.security()::readContractRoots, clock),
                new io.evstack.csms.ocpp201.CostUpdateThrottle(config.ocpi().costUpdateInterval(), clock)));

        // Plug & Charge for 1.6 chargers: the 2.0.1 messages inside DataTransfer, answered by the 2.0.1 handler
        dataTransfer16.register(io.evstack.csms.ocpp16.Iso15118DataTransfer.VENDOR_ID,
                new io.evstack.csms.ocpp16.Iso15118DataTransfer(handler201, () -> operations));

        chargePoints.clearConnectionsOfThisNode();
        OcppServerConfig.Builder ocpp = OcppServerConfig.builder()
                .port(config.ocppPort())
                .pathPrefix(config.ocppPathPrefix())
                .versions(OcppVersion.OCPP16, OcppVersion.OCPP201)
                .pingInterval(config.pingInterval())
                .callTimeout(config.callTimeout())
                .nodeId(config.nodeId());
        if (config.tlsKeystore() != null) {
            ocpp.tls(config.tlsKeystore(), config.tlsKeystorePassword())
                    .tlsClientAuth(config.security().clientAuth())
                    .tlsTrustStore(config.security().trustStore(), config.security().trustStorePassword())
                    .tlsTrustedIssuers(List.of(certificateAuthority.root()));
        }
        ocppServer = new OcppServer(ocpp.build(), new VersionRouter(handler, handler201), new ChargerPasswordAuthenticator(dsl, hasher, security),
                new ConnectionTracker(chargePoints), messageLog, metrics);
        operations = new Ocpp16Operations(dsl, clock, ocppServer.gateway(), chargePoints, authorization, hasher);
        ocppServer.start();
        housekeeping = new Housekeeping(chargePoints, reservations, messageLog);

        var profileSender = new OcppProfileSender(dsl, operations, operations201, chargePoints, deviceModel,
                id -> ocppServer.gateway().session(id).map(ChargerSession::version));
        balancer = new LoadBalancer(siteRepository, profileSender,
                ocppServer.gateway()::isConnected, clock, config.balancer()).start();
        events.subscribe(balancer::onEvent);
        var sites = new SiteService(siteRepository, clock, balancer::siteChanged);
        var services = new ApiServices(chargePoints, authorization, transactions, reservations, operations, firmware,
                security, messageLog, new ChargingProfileRepository(dsl), ocppServer.gateway(), sites, balancer,
                operations201, new SecurityProfileUpgrade(chargePoints, ocppServer.gateway(), operations, operations201,
                        this::endpointSecurity, issuedCertificates), issuedCertificates);
        // The admin password is kept only as a hash, like every other credential.
        var credentials = new ApiCredentials(config.adminUser(), hasher.hash(config.adminPassword()), hasher);
        apiServer = new ApiServer(services, credentials, app -> app.get("/metrics", ctx -> ctx
                .contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(metrics.scrape()))).start(config.httpPort());
        ocpiBridge = startOcpi(dsl, credentials);
        if (ocpiBridge != null) {
            remoteAuthorizer.set(ocpiBridge.remoteAuthorizer());
            emsp = startEmsp(dsl);
        }
        log.info("OCPP endpoint ws://0.0.0.0:{}{}/{chargePointId} ({})", ocppServer.port(), config.ocppPathPrefix(),
                database);
        return this;
    }

    /**
     * The OCPI 2.2.1 CPO endpoints on their own port (STACK_OCPI_PORT): OCPI has its own envelope, status
     * codes and token authentication, so it does not share the operator API's server. Port 0 picks a free
     * port first, because the public URL (in versions and credentials) must name it.
     */
    private OcpiBridge startOcpi(org.jooq.DSLContext dsl, ApiCredentials credentials) {
        OcpiSettings s = config.ocpi();
        int port = s.port() == 0 ? freePort() : s.port();
        String url = s.publicUrl() != null ? s.publicUrl() : "http://localhost:" + port;
        var base = OcpiConfig.defaults(url);
        var ocpiConfig = new OcpiConfig(url, s.countryCode(), s.partyId(), s.businessName(),
                base.maxPageSize(), base.pushInterval(), base.retryBase(), base.retryMax(), base.httpTimeout(), s.commandTimeout(),
                base.defaultCountry(), base.defaultCity(), base.defaultAddress(), base.defaultLatitude(),
                base.defaultLongitude(), base.defaultTimeZone(), base.defaultCurrency())
                .withOutbox(s.outboxMaxRefusals(), s.outboxRetention())
                .withEventLanes(s.eventLanes());
        // Hook for the eMSP issue: our own eMSP registers at start-up like any party, with
        // ocpiBridge.issueTokenA("evstack eMSP") and ocpiConfig.versionsUrl() (no shortcut around OCPI).
        return new OcpiBridge(dsl, clock, ocpiConfig, chargePoints, transactions, authorization,
                operations, operations201, balancer::capTransaction, events, credentials, null).start(port);
    }

    /**
     * The co-located eMSP on its own port (STACK_EMSP_PORT; 0 picks a free one first, as the public URL
     * names it): it registers with our own CPO exactly like an external eMSP would, with a token A and the
     * versions URL (OCPI 2.2.1 section 7.1.1), never through CSMS classes.
     */
    private EmspServer startEmsp(org.jooq.DSLContext dsl) {
        EmspSettings s = config.emsp();
        int port = s.port() == 0 ? freePort() : s.port();
        String url = s.publicUrl() != null ? s.publicUrl() : "http://localhost:" + port;
        var server = new EmspServer(dsl, clock, new EmspServer.Settings(url, "NL", "EVS", s.loginLifetime(),
                s.supportEmail(), s.supportPassword(), s.contractCaKeyStore(), s.contractCaPassword()),
                EmspOcpi::chargingCommands).start(port);
        server.ocpi().registerWith("own CPO", ocpiBridge.config().versionsUrl(), ocpiBridge.issueTokenA("evstack eMSP"));
        if (s.cposFile() != null) {
            io.evstack.emsp.ocpi.ConfiguredCpos.registerAll(server.ocpi(), s.cposFile());
        }
        server.ocpi().pullSync().schedule(config.ocpi().emspPullInterval());
        // Tokens that end on a date are pushed to the CPOs when it comes (and at the latest a minute later).
        server.tokens().scheduleExpiry(java.time.Duration.ofMinutes(1));
        return server;
    }

    /** What the OCPP endpoint offers, for raising chargers' security profiles. */
    private SecurityProfileUpgrade.Endpoint endpointSecurity() {
        List<X509Certificate> chain = ocppServer.tlsCertificateChain();
        return new SecurityProfileUpgrade.Endpoint(ocppServer.config().tls(), ocppServer.config().clientCertificates(),
                chain.isEmpty() ? null : chain.getLast());
    }

    public LocalCertificateAuthority certificateAuthority() {
        return certificateAuthority;
    }

    /** The chargers connected to this node and how (version, security profile). */
    public ChargerGateway ocppGateway() {
        return ocppServer.gateway();
    }

    public EmspOcpi emsp() {
        return emsp == null ? null : emsp.ocpi();
    }

    public EmspServer emspServer() {
        return emsp;
    }

    private static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("No free port for OCPI", e);
        }
    }

    public OcpiBridge ocpi() {
        return ocpiBridge;
    }

    public int ocppPort() {
        return ocppServer.port();
    }

    public int httpPort() {
        return apiServer.port();
    }

    public ChargePointService chargePoints() {
        return chargePoints;
    }

    public AuthorizationService authorization() {
        return authorization;
    }

    public TransactionService transactions() {
        return transactions;
    }

    public Ocpp16Operations operations() {
        return operations;
    }

    public Ocpp201Operations operations201() {
        return operations201;
    }

    public MessageLog messageLog() {
        return messageLog;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    public Database database() {
        return database;
    }

    public InProcessEventBus events() {
        return events;
    }

    public LoadBalancer balancer() {
        return balancer;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        events.close();
        if (emsp != null) {
            emsp.close();
        }
        if (ocpiBridge != null) {
            ocpiBridge.close();
        }
        if (apiServer != null) {
            apiServer.close();
        }
        if (housekeeping != null) {
            housekeeping.close();
        }
        if (balancer != null) {
            balancer.close();
        }
        if (ocppServer != null) {
            ocppServer.close();
        }
        if (chargePoints != null) {
            chargePoints.flushLastSeen();
        }
        if (messageLog != null) {
            messageLog.close();
        }
        if (database != null && ownsDatabase) {
            database.close();
        }
    }
}
