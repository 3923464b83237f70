package io.evstack.ocpp.rpc;

import static io.evstack.ocpp.rpc.MessageTypes.Initiator.BOTH;
import static io.evstack.ocpp.rpc.MessageTypes.Initiator.CHARGER;
import static io.evstack.ocpp.rpc.MessageTypes.Initiator.CSMS;

import io.evstack.ocpp.OcppVersion;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The type store: for each OCPP version, every action with its generated request and response classes and
 * who may send its CALL. Plain code, no classpath scanning; the schema files are named after the same
 * classes ({@code v16/Authorize.json}, {@code v201/AuthorizeRequest.json}).
 */
public final class MessageTypes {
    /** Who sends the CALL of an action. */
    public enum Initiator {
        CHARGER,
        CSMS,
        BOTH;

        public boolean charger() {
            return this != CSMS;
        }

        public boolean csms() {
            return this != CHARGER;
        }
    }

    /** One action: its request/response pair and its initiator. */
    public record ActionType(String action, Class<?> requestType, Class<?> responseType, Initiator initiator) {
        /** The schema resource of the request, e.g. {@code ocpp/schemas/v16/Authorize.json}. */
        public String requestSchema(OcppVersion version) {
            return schemaFolder(version) + requestType.getSimpleName() + ".json";
        }

        /** The schema resource of the response, e.g. {@code ocpp/schemas/v16/AuthorizeResponse.json}. */
        public String responseSchema(OcppVersion version) {
            return schemaFolder(version) + responseType.getSimpleName() + ".json";
        }

        private static String schemaFolder(OcppVersion version) {
            return switch (version) {
                case OCPP16 -> "ocpp/schemas/v16/";
                case OCPP201 -> "ocpp/schemas/v201/";
            };
        }
    }

    private static final Map<String, ActionType> OCPP16 = index(
                action("Authorize", io.evstack.ocpp.v16.Authorize.class, io.evstack.ocpp.v16.AuthorizeResponse.class, CHARGER),
                action("BootNotification", io.evstack.ocpp.v16.BootNotification.class, io.evstack.ocpp.v16.BootNotificationResponse.class, CHARGER),
                action("CancelReservation", io.evstack.ocpp.v16.CancelReservation.class, io.evstack.ocpp.v16.CancelReservationResponse.class, CSMS),
                action("CertificateSigned", io.evstack.ocpp.v16.CertificateSigned.class, io.evstack.ocpp.v16.CertificateSignedResponse.class, CSMS),
                action("ChangeAvailability", io.evstack.ocpp.v16.ChangeAvailability.class, io.evstack.ocpp.v16.ChangeAvailabilityResponse.class, CSMS),
                action("ChangeConfiguration", io.evstack.ocpp.v16.ChangeConfiguration.class, io.evstack.ocpp.v16.ChangeConfigurationResponse.class, CSMS),
                action("ClearCache", io.evstack.ocpp.v16.ClearCache.class, io.evstack.ocpp.v16.ClearCacheResponse.class, CSMS),
                action("ClearChargingProfile", io.evstack.ocpp.v16.ClearChargingProfile.class, io.evstack.ocpp.v16.ClearChargingProfileResponse.class, CSMS),
                action("DataTransfer", io.evstack.ocpp.v16.DataTransfer.class, io.evstack.ocpp.v16.DataTransferResponse.class, BOTH),
                action("DeleteCertificate", io.evstack.ocpp.v16.DeleteCertificate.class, io.evstack.ocpp.v16.DeleteCertificateResponse.class, CSMS),
                action("DiagnosticsStatusNotification", io.evstack.ocpp.v16.DiagnosticsStatusNotification.class, io.evstack.ocpp.v16.DiagnosticsStatusNotificationResponse.class, CHARGER),
                action("ExtendedTriggerMessage", io.evstack.ocpp.v16.ExtendedTriggerMessage.class, io.evstack.ocpp.v16.ExtendedTriggerMessageResponse.class, CSMS),
                action("FirmwareStatusNotification", io.evstack.ocpp.v16.FirmwareStatusNotification.class, io.evstack.ocpp.v16.FirmwareStatusNotificationResponse.class, CHARGER),
                action("GetCompositeSchedule", io.evstack.ocpp.v16.GetCompositeSchedule.class, io.evstack.ocpp.v16.GetCompositeScheduleResponse.class, CSMS),
                action("GetConfiguration", io.evstack.ocpp.v16.GetConfiguration.class, io.evstack.ocpp.v16.GetConfigurationResponse.class, CSMS),
                action("GetDiagnostics", io.evstack.ocpp.v16.GetDiagnostics.class, io.evstack.ocpp.v16.GetDiagnosticsResponse.class, CSMS),
                action("GetInstalledCertificateIds", io.evstack.ocpp.v16.GetInstalledCertificateIds.class, io.evstack.ocpp.v16.GetInstalledCertificateIdsResponse.class, CSMS),
                action("GetLocalListVersion", io.evstack.ocpp.v16.GetLocalListVersion.class, io.evstack.ocpp.v16.GetLocalListVersionResponse.class, CSMS),
                action("GetLog", io.evstack.ocpp.v16.GetLog.class, io.evstack.ocpp.v16.GetLogResponse.class, CSMS),
                action("Heartbeat", io.evstack.ocpp.v16.Heartbeat.class, io.evstack.ocpp.v16.HeartbeatResponse.class, CHARGER),
                action("InstallCertificate", io.evstack.ocpp.v16.InstallCertificate.class, io.evstack.ocpp.v16.InstallCertificateResponse.class, CSMS),
                action("LogStatusNotification", io.evstack.ocpp.v16.LogStatusNotification.class, io.evstack.ocpp.v16.LogStatusNotificationResponse.class, CHARGER),
                action("MeterValues", io.evstack.ocpp.v16.MeterValues.class, io.evstack.ocpp.v16.MeterValuesResponse.class, CHARGER),
                action("RemoteStartTransaction", io.evstack.ocpp.v16.RemoteStartTransaction.class, io.evstack.ocpp.v16.RemoteStartTransactionResponse.class, CSMS),
                action("RemoteStopTransaction", io.evstack.ocpp.v16.RemoteStopTransaction.class, io.evstack.ocpp.v16.RemoteStopTransactionResponse.class, CSMS),
                action("ReserveNow", io.evstack.ocpp.v16.ReserveNow.class, io.evstack.ocpp.v16.ReserveNowResponse.class, CSMS),
                action("Reset", io.evstack.ocpp.v16.Reset.class, io.evstack.ocpp.v16.ResetResponse.class, CSMS),
                action("SecurityEventNotification", io.evstack.ocpp.v16.SecurityEventNotification.class, io.evstack.ocpp.v16.SecurityEventNotificationResponse.class, CHARGER),
                action("SendLocalList", io.evstack.ocpp.v16.SendLocalList.class, io.evstack.ocpp.v16.SendLocalListResponse.class, CSMS),
                action("SetChargingProfile", io.evstack.ocpp.v16.SetChargingProfile.class, io.evstack.ocpp.v16.SetChargingProfileResponse.class, CSMS),
                action("SignCertificate", io.evstack.ocpp.v16.SignCertificate.class, io.evstack.ocpp.v16.SignCertificateResponse.class, CHARGER),
                action("SignedFirmwareStatusNotification", io.evstack.ocpp.v16.SignedFirmwareStatusNotification.class, io.evstack.ocpp.v16.SignedFirmwareStatusNotificationResponse.class, CHARGER),
                action("SignedUpdateFirmware", io.evstack.ocpp.v16.SignedUpdateFirmware.class, io.evstack.ocpp.v16.SignedUpdateFirmwareResponse.class, CSMS),
                action("StartTransaction", io.evstack.ocpp.v16.StartTransaction.class, io.evstack.ocpp.v16.StartTransactionResponse.class, CHARGER),
                action("StatusNotification", io.evstack.ocpp.v16.StatusNotification.class, io.evstack.ocpp.v16.StatusNotificationResponse.class, CHARGER),
                action("StopTransaction", io.evstack.ocpp.v16.StopTransaction.class, io.evstack.ocpp.v16.StopTransactionResponse.class, CHARGER),
                action("TriggerMessage", io.evstack.ocpp.v16.TriggerMessage.class, io.evstack.ocpp.v16.TriggerMessageResponse.class, CSMS),
                action("UnlockConnector", io.evstack.ocpp.v16.UnlockConnector.class, io.evstack.ocpp.v16.UnlockConnectorResponse.class, CSMS),
                action("UpdateFirmware", io.evstack.ocpp.v16.UpdateFirmware.class, io.evstack.ocpp.v16.UpdateFirmwareResponse.class, CSMS));

    private static final Map<String, ActionType> OCPP201 = index(
                action("Authorize", io.evstack.ocpp.v201.AuthorizeRequest.class, io.evstack.ocpp.v201.AuthorizeResponse.class, CHARGER),
                action("BootNotification", io.evstack.ocpp.v201.BootNotificationRequest.class, io.evstack.ocpp.v201.BootNotificationResponse.class, CHARGER),
                action("CancelReservation", io.evstack.ocpp.v201.CancelReservationRequest.class, io.evstack.ocpp.v201.CancelReservationResponse.class, CSMS),
                action("CertificateSigned", io.evstack.ocpp.v201.CertificateSignedRequest.class, io.evstack.ocpp.v201.CertificateSignedResponse.class, CSMS),
                action("ChangeAvailability", io.evstack.ocpp.v201.ChangeAvailabilityRequest.class, io.evstack.ocpp.v201.ChangeAvailabilityResponse.class, CSMS),
                action("ClearCache", io.evstack.ocpp.v201.ClearCacheRequest.class, io.evstack.ocpp.v201.ClearCacheResponse.class, CSMS),
                action("ClearChargingProfile", io.evstack.ocpp.v201.ClearChargingProfileRequest.class, io.evstack.ocpp.v201.ClearChargingProfileResponse.class, CSMS),
                action("ClearDisplayMessage", io.evstack.ocpp.v201.ClearDisplayMessageRequest.class, io.evstack.ocpp.v201.ClearDisplayMessageResponse.class, CSMS),
                action("ClearVariableMonitoring", io.evstack.ocpp.v201.ClearVariableMonitoringRequest.class, io.evstack.ocpp.v201.ClearVariableMonitoringResponse.class, CSMS),
                action("ClearedChargingLimit", io.evstack.ocpp.v201.ClearedChargingLimitRequest.class, io.evstack.ocpp.v201.ClearedChargingLimitResponse.class, CHARGER),
                action("CostUpdated", io.evstack.ocpp.v201.CostUpdatedRequest.class, io.evstack.ocpp.v201.CostUpdatedResponse.class, CSMS),
                action("CustomerInformation", io.evstack.ocpp.v201.CustomerInformationRequest.class, io.evstack.ocpp.v201.CustomerInformationResponse.class, CSMS),
                action("DataTransfer", io.evstack.ocpp.v201.DataTransferRequest.class, io.evstack.ocpp.v201.DataTransferResponse.class, BOTH),
                action("DeleteCertificate", io.evstack.ocpp.v201.DeleteCertificateRequest.class, io.evstack.ocpp.v201.DeleteCertificateResponse.class, CSMS),
                action("FirmwareStatusNotification", io.evstack.ocpp.v201.FirmwareStatusNotificationRequest.class, io.evstack.ocpp.v201.FirmwareStatusNotificationResponse.class, CHARGER),
                action("Get15118EVCertificate", io.evstack.ocpp.v201.Get15118EVCertificateRequest.class, io.evstack.ocpp.v201.Get15118EVCertificateResponse.class, CHARGER),
                action("GetBaseReport", io.evstack.ocpp.v201.GetBaseReportRequest.class, io.evstack.ocpp.v201.GetBaseReportResponse.class, CSMS),
                action("GetCertificateStatus", io.evstack.ocpp.v201.GetCertificateStatusRequest.class, io.evstack.ocpp.v201.GetCertificateStatusResponse.class, CHARGER),
                action("GetChargingProfiles", io.evstack.ocpp.v201.GetChargingProfilesRequest.class, io.evstack.ocpp.v201.GetChargingProfilesResponse.class, CSMS),
                action("GetCompositeSchedule", io.evstack.ocpp.v201.GetCompositeScheduleRequest.class, io.evstack.ocpp.v201.GetCompositeScheduleResponse.class, CSMS),
                action("GetDisplayMessages", io.evstack.ocpp.v201.GetDisplayMessagesRequest.class, io.evstack.ocpp.v201.GetDisplayMessagesResponse.class, CSMS),
                action("GetInstalledCertificateIds", io.evstack.ocpp.v201.GetInstalledCertificateIdsRequest.class, io.evstack.ocpp.v201.GetInstalledCertificateIdsResponse.class, CSMS),
                action("GetLocalListVersion", io.evstack.ocpp.v201.GetLocalListVersionRequest.class, io.evstack.ocpp.v201.GetLocalListVersionResponse.class, CSMS),
                action("GetLog", io.evstack.ocpp.v201.GetLogRequest.class, io.evstack.ocpp.v201.GetLogResponse.class, CSMS),
                action("GetMonitoringReport", io.evstack.ocpp.v201.GetMonitoringReportRequest.class, io.evstack.ocpp.v201.GetMonitoringReportResponse.class, CSMS),
                action("GetReport", io.evstack.ocpp.v201.GetReportRequest.class, io.evstack.ocpp.v201.GetReportResponse.class, CSMS),
                action("GetTransactionStatus", io.evstack.ocpp.v201.GetTransactionStatusRequest.class, io.evstack.ocpp.v201.GetTransactionStatusResponse.class, CSMS),
                action("GetVariables", io.evstack.ocpp.v201.GetVariablesRequest.class, io.evstack.ocpp.v201.GetVariablesResponse.class, CSMS),
                action("Heartbeat", io.evstack.ocpp.v201.HeartbeatRequest.class, io.evstack.ocpp.v201.HeartbeatResponse.class, CHARGER),
                action("InstallCertificate", io.evstack.ocpp.v201.InstallCertificateRequest.class, io.evstack.ocpp.v201.InstallCertificateResponse.class, CSMS),
                action("LogStatusNotification", io.evstack.ocpp.v201.LogStatusNotificationRequest.class, io.evstack.ocpp.v201.LogStatusNotificationResponse.class, CHARGER),
                action("MeterValues", io.evstack.ocpp.v201.MeterValuesRequest.class, io.evstack.ocpp.v201.MeterValuesResponse.class, CHARGER),
                action("NotifyChargingLimit", io.evstack.ocpp.v201.NotifyChargingLimitRequest.class, io.evstack.ocpp.v201.NotifyChargingLimitResponse.class, CHARGER),
                action("NotifyCustomerInformation", io.evstack.ocpp.v201.NotifyCustomerInformationRequest.class, io.evstack.ocpp.v201.NotifyCustomerInformationResponse.class, CHARGER),
                action("NotifyDisplayMessages", io.evstack.ocpp.v201.NotifyDisplayMessagesRequest.class, io.evstack.ocpp.v201.NotifyDisplayMessagesResponse.class, CHARGER),
                action("NotifyEVChargingNeeds", io.evstack.ocpp.v201.NotifyEVChargingNeedsRequest.class, io.evstack.ocpp.v201.NotifyEVChargingNeedsResponse.class, CHARGER),
                action("NotifyEVChargingSchedule", io.evstack.ocpp.v201.NotifyEVChargingScheduleRequest.class, io.evstack.ocpp.v201.NotifyEVChargingScheduleResponse.class, CHARGER),
                action("NotifyEvent", io.evstack.ocpp.v201.NotifyEventRequest.class, io.evstack.ocpp.v201.NotifyEventResponse.class, CHARGER),
                action("NotifyMonitoringReport", io.evstack.ocpp.v201.NotifyMonitoringReportRequest.class, io.evstack.ocpp.v201.NotifyMonitoringReportResponse.class, CHARGER),
                action("NotifyReport", io.evstack.ocpp.v201.NotifyReportRequest.class, io.evstack.ocpp.v201.NotifyReportResponse.class, CHARGER),
                action("PublishFirmware", io.evstack.ocpp.v201.PublishFirmwareRequest.class, io.evstack.ocpp.v201.PublishFirmwareResponse.class, CSMS),
                action("PublishFirmwareStatusNotification", io.evstack.ocpp.v201.PublishFirmwareStatusNotificationRequest.class, io.evstack.ocpp.v201.PublishFirmwareStatusNotificationResponse.class, CHARGER),
                action("ReportChargingProfiles", io.evstack.ocpp.v201.ReportChargingProfilesRequest.class, io.evstack.ocpp.v201.ReportChargingProfilesResponse.class, CHARGER),
                action("RequestStartTransaction", io.evstack.ocpp.v201.RequestStartTransactionRequest.class, io.evstack.ocpp.v201.RequestStartTransactionResponse.class, CSMS),
                action("RequestStopTransaction", io.evstack.ocpp.v201.RequestStopTransactionRequest.class, io.evstack.ocpp.v201.RequestStopTransactionResponse.class, CSMS),
                action("ReservationStatusUpdate", io.evstack.ocpp.v201.ReservationStatusUpdateRequest.class, io.evstack.ocpp.v201.ReservationStatusUpdateResponse.class, CHARGER),
                action("ReserveNow", io.evstack.ocpp.v201.ReserveNowRequest.class, io.evstack.ocpp.v201.ReserveNowResponse.class, CSMS),
                action("Reset", io.evstack.ocpp.v201.ResetRequest.class, io.evstack.ocpp.v201.ResetResponse.class, CSMS),
                action("SecurityEventNotification", io.evstack.ocpp.v201.SecurityEventNotificationRequest.class, io.evstack.ocpp.v201.SecurityEventNotificationResponse.class, CHARGER),
                action("SendLocalList", io.evstack.ocpp.v201.SendLocalListRequest.class, io.evstack.ocpp.v201.SendLocalListResponse.class, CSMS),
                action("SetChargingProfile", io.evstack.ocpp.v201.SetChargingProfileRequest.class, io.evstack.ocpp.v201.SetChargingProfileResponse.class, CSMS),
                action("SetDisplayMessage", io.evstack.ocpp.v201.SetDisplayMessageRequest.class, io.evstack.ocpp.v201.SetDisplayMessageResponse.class, CSMS),
                action("SetMonitoringBase", io.evstack.ocpp.v201.SetMonitoringBaseRequest.class, io.evstack.ocpp.v201.SetMonitoringBaseResponse.class, CSMS),
                action("SetMonitoringLevel", io.evstack.ocpp.v201.SetMonitoringLevelRequest.class, io.evstack.ocpp.v201.SetMonitoringLevelResponse.class, CSMS),
                action("SetNetworkProfile", io.evstack.ocpp.v201.SetNetworkProfileRequest.class, io.evstack.ocpp.v201.SetNetworkProfileResponse.class, CSMS),
                action("SetVariableMonitoring", io.evstack.ocpp.v201.SetVariableMonitoringRequest.class, io.evstack.ocpp.v201.SetVariableMonitoringResponse.class, CSMS),
                action("SetVariables", io.evstack.ocpp.v201.SetVariablesRequest.class, io.evstack.ocpp.v201.SetVariablesResponse.class, CSMS),
                action("SignCertificate", io.evstack.ocpp.v201.SignCertificateRequest.class, io.evstack.ocpp.v201.SignCertificateResponse.class, CHARGER),
                action("StatusNotification", io.evstack.ocpp.v201.StatusNotificationRequest.class, io.evstack.ocpp.v201.StatusNotificationResponse.class, CHARGER),
                action("TransactionEvent", io.evstack.ocpp.v201.TransactionEventRequest.class, io.evstack.ocpp.v201.TransactionEventResponse.class, CHARGER),
                action("TriggerMessage", io.evstack.ocpp.v201.TriggerMessageRequest.class, io.evstack.ocpp.v201.TriggerMessageResponse.class, CSMS),
                action("UnlockConnector", io.evstack.ocpp.v201.UnlockConnectorRequest.class, io.evstack.ocpp.v201.UnlockConnectorResponse.class, CSMS),
                action("UnpublishFirmware", io.evstack.ocpp.v201.UnpublishFirmwareRequest.class, io.evstack.ocpp.v201.UnpublishFirmwareResponse.class, CSMS),
                action("UpdateFirmware", io.evstack.ocpp.v201.UpdateFirmwareRequest.class, io.evstack.ocpp.v201.UpdateFirmwareResponse.class, CSMS));

    private MessageTypes() {}

    public static Optional<ActionType> find(OcppVersion version, String action) {
        return Optional.ofNullable(of(version).get(action));
    }

    public static Collection<ActionType> all(OcppVersion version) {
        return of(version).values();
    }

    private static Map<String, ActionType> of(OcppVersion version) {
        return switch (version) {
            case OCPP16 -> OCPP16;
            case OCPP201 -> OCPP201;
        };
    }

    private static ActionType action(String action, Class<?> request, Class<?> response, Initiator initiator) {
        return new ActionType(action, request, response, initiator);
    }

    private static Map<String, ActionType> index(ActionType... types) {
        return Arrays.stream(types).collect(Collectors.toUnmodifiableMap(ActionType::action, Function.identity()));
    }
}
