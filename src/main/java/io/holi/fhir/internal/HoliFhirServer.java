package io.holi.fhir.internal;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;

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
}
