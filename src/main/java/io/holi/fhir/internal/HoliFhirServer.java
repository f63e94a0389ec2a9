package io.holi.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.holi.platform.RequestMetadata;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;

/** HAPI's plain RESTful server at /fhir: R4, JSON unless the client asks for XML, the providers of this package. */
final class HoliFhirServer extends RestfulServer {

    HoliFhirServer(List<IResourceProvider> providers, FhirRequests requests) {
        super(FhirContext.forR4Cached());
        setResourceProviders(providers);
        registerInterceptor(requests);
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setServerName("holi");
        setImplementationDescription("holi FHIR R4");
    }

    /** The request's id is holi's (X-Request-Id, in every audit record and log line), not a second one of HAPI's. */
    @Override
    protected String getOrCreateRequestId(HttpServletRequest request) {
        return RequestMetadata.current().requestId();
    }

    @Override
    protected void addRequestIdToResponse(ServletRequestDetails request, String requestId) {
        // holi's request-id filter has set the header already
    }
}
