using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>Which symbols an operation names, and which of them are connections.</summary>
internal static class ConnectionSymbols
{
    /// <summary>The symbol a reference names: a local, a parameter, or a member of <c>this</c> (or a static one).</summary>
    public static ISymbol? NamedSymbol(IOperation operation) => ConnectionSemantics.Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property.OriginalDefinition,
        _ => null,
    };

    /// <summary>
    /// Whether a symbol is a connection: a local or parameter of a connection type, or a member that holds one. The
    /// flow analysis's connection table has connections only when some symbol referenced in its graph is one;
    /// <see cref="BodyFacts.NamesConnection"/> relies on this to skip bodies without building a graph.
    /// </summary>
    public static bool IsConnectionSymbol(ISymbol symbol, ConnectionSemantics semantics) => symbol switch
    {
        ILocalSymbol local => semantics.IsConnectionType(local.Type) && !semantics.Model.IsNeverConnection(local.Type),
        IParameterSymbol parameter => semantics.IsConnectionType(parameter.Type),
        IFieldSymbol or IPropertySymbol => semantics.IsConnectionMember(symbol),
        _ => false,
    };
}
