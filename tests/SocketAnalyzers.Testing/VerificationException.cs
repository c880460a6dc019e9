using Xunit.Sdk;

namespace SocketAnalyzers.Testing;

/// <summary>Thrown when an analyzer or code fix test does not verify; the message says what differs.</summary>
public sealed class VerificationException : XunitException
{
    public VerificationException(string message)
        : base(message)
    {
    }
}
