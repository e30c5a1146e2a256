using NfvMano.Lifecycle.Notifications;

namespace NfvMano.Lifecycle.Catalogue;

/// <summary>Signals the onboarding worker that content was committed for onboarding.</summary>
public sealed class CatalogueSignal : WorkSignal;
