namespace SocketAnalyzers.Testing;

/// <summary>Which compiler diagnostics take part in the expected-versus-actual comparison.</summary>
public enum CompilerDiagnostics
{
    None,
    Errors,
    Warnings,
    Suggestions,
    All,
}
