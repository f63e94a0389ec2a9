package io.holi.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.holi.platform.RequestMetadata;
import jakarta.servlet.http.HttpServletRequest;

import java.util.List;

/**
 * HAPI's plain RESTful server at /fhir: R4, JSON unless the client asks for XML, the providers of this package.
 * Built when the servlet container first initialises it (the first request to /fhir), not while holi starts: an R4
 * context reads every resource definition, seconds that `holi serve` and each test context need not wait for.
 */
final class HoliFhirServer extends RestfulServer {

    private final transient List<IResourceProvider> providers;
    private final transient FhirRequests requests;

    HoliFhirServer(List<IResourceProvider> providers, FhirRequests requests) {
        this.providers = providers;
        this.requests = requests;
    }

    @Override
    protected void initialize() {
        setFhirContext(FhirContext.forR4Cached());
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
