using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Where a value comes from, the one answer every layer asks: the locals of a body assigned once
/// (<see cref="AssignedOnceIn"/>, <see cref="AssignedOnceInBody"/>, <see cref="TryGetSingleValue"/>), the aliases a
/// wrapper or copy makes and whether the wrapper owns what it wraps (<see cref="AliasedValue"/>), the variable a
/// connection expression comes down to — its origin — (<see cref="ConnectionOriginOf(IOperation?)"/>), which
/// variables hold a connection (<see cref="HoldsConnection"/>), the origin of fields and parameters
/// (<c>ValueOrigins.Members.cs</c>), and the kind of a connection (<see cref="KindOf(ITypeSymbol?)"/>).
/// </summary>
/// <remarks>
/// What is computed per body (the locals) is computed once, the first time the body is asked about, and lives as
/// long as its operation tree; an instance only pairs it with the semantics of the file it is asked from, so it is
/// made wherever needed.
/// </remarks>
internal sealed partial class ValueOrigins
{
    private const int MaxSteps = 12;

    private readonly ConnectionSemantics _semantics;
    private readonly IOperation? _body;
    private IReadOnlyDictionary<ILocalSymbol, IOperation>? _localValues;

    /// <param name="semantics">The semantics of the file the body is in.</param>
    /// <param name="localValues">The locals followed to their value: assigned once in the body.</param>
    internal ValueOrigins(ConnectionSemantics semantics, IReadOnlyDictionary<ILocalSymbol, IOperation> localValues)
    {
        _semantics = semantics;
        _localValues = localValues;
    }

    private ValueOrigins(ConnectionSemantics semantics, IOperation body)
    {
        _semantics = semantics;
        _body = body;
    }

    /// <summary>The origins of values in the body of <paramref name="operation"/> (its lambdas and local functions included).</summary>
    public static ValueOrigins Of(IOperation operation, ConnectionSemantics semantics) => new(semantics, operation);

    /// <summary>The body's locals assigned once (<see cref="AssignedOnceInBody"/>), walked only when an origin goes through a local.</summary>
    private IReadOnlyDictionary<ILocalSymbol, IOperation> LocalValues => _localValues ??= AssignedOnceInBody(_body!);

    /// <summary>The variable a reference names: a local, a parameter, or a member of <c>this</c> (or a static one).</summary>
    public static ISymbol? VariableOf(IOperation operation) => ConnectionSemantics.Strip(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property.OriginalDefinition,
        _ => null,
    };

    /// <summary>
    /// Whether a variable holds a connection: a local or parameter of a connection type, or a member that holds one.
    /// The flow analysis's connection table has connections only when some variable referenced in its graph is one;
    /// <see cref="BodyFacts.NamesConnection"/> relies on this to skip bodies without building a graph.
    /// </summary>
    public bool HoldsConnection(ISymbol variable) => variable switch
    {
        ILocalSymbol local => _semantics.IsConnectionType(local.Type) && !_semantics.Model.IsNeverConnection(local.Type),
        IParameterSymbol parameter => _semantics.IsConnectionType(parameter.Type),
        IFieldSymbol or IPropertySymbol => _semantics.IsConnectionMember(variable),
        _ => false,
    };

    /// <summary>
    /// The value <paramref name="value"/> is the same connection as: what a wrapper wraps (<c>new StreamReader(ns)</c>,
    /// <c>client.GetStream()</c>, <c>new NetworkStream(s)</c>; <paramref name="owns"/> says whether disposing the
    /// wrapper closes it), or the source of a copy of a connection, stream, reader or writer (a copy is no wrapper:
    /// <paramref name="owns"/> is false). Null when the value is neither (a new connection, or not one).
    /// </summary>
    public IOperation? AliasedValue(IOperation value, out bool owns)
    {
        var stripped = ConnectionSemantics.Strip(value);
        if (_semantics.Model.TryGetWrappedConnection(stripped, out var wrapped, out owns))
        {
            return wrapped;
        }

        return _semantics.IsConnectionType(stripped.Type) || _semantics.Model.IsWrapperType(stripped.Type) ? stripped : null;
    }

    /// <summary>
    /// The origin of the connection <paramref name="value"/> evaluates to: the local, parameter, field or property that
    /// holds it, seen through wrappers, copies, locals assigned once, and members of another object (<c>client.Client</c>,
    /// <c>session.Stream</c>, <c>reader.BaseStream</c>: the origin is that object's). Only a known connection has one:
    /// somewhere on the way a value has a connection type (or is a member that holds one), and nothing is a
    /// FileStream/MemoryStream/PipeStream/UdpClient. A <c>Stream</c> or <c>StreamReader</c> parameter of unknown origin
    /// has none. Two expressions with the same origin are the same connection as long as it is not reassigned.
    /// </summary>
    public ISymbol? ConnectionOriginOf(IOperation? value)
    {
        ISymbol? origin = null;
        var isConnection = false;
        for (var steps = 0; value is not null && steps < MaxSteps; steps++)
        {
            value = ConnectionSemantics.Strip(value);
            var type = value.Type;
            if (type is { TypeKind: TypeKind.Error } || _semantics.Model.IsNeverConnection(type))
            {
                return null;
            }

            isConnection |= _semantics.IsConnectionType(type);
            switch (value)
            {
                case ILocalReferenceOperation local:
                    origin = local.Local;
                    if (LocalValues.TryGetValue(local.Local, out var assigned) && IsAlias(assigned))
                    {
                        value = assigned;
                        continue;
                    }

                    return isConnection ? origin : null;

                case IParameterReferenceOperation parameter:
                    return isConnection ? parameter.Parameter : null;

                case IMemberReferenceOperation { Member: IFieldSymbol or IPropertySymbol } member
                    when member is not IPropertyReferenceOperation { Arguments.IsEmpty: false }:
                    isConnection |= _semantics.IsConnectionMember(member.Member);
                    if (member.Instance is null or IInstanceReferenceOperation)
                    {
                        return isConnection ? member.Member.OriginalDefinition : null;
                    }

                    // A member of another object (client.Client, session.Stream): that object is the connection's holder.
                    value = member.Instance;
                    continue;

                default:
                    if (_semantics.Model.TryGetWrappedConnection(value, out var wrapped, out _))
                    {
                        value = wrapped;
                        continue;
                    }

                    return null;
            }
        }

        return null;
    }

    /// <summary>The origin of the connection a local, parameter, field or property holds, or null when it holds no known connection.</summary>
    public ISymbol? ConnectionOriginOf(ISymbol variable)
    {
        switch (variable)
        {
            case ILocalSymbol local:
                if (_semantics.Model.IsNeverConnection(local.Type))
                {
                    return null;
                }

                if (LocalValues.TryGetValue(local, out var assigned) && IsAlias(assigned))
                {
                    return ConnectionOriginOf(assigned) ?? (_semantics.IsConnectionType(local.Type) ? local : null);
                }

                return _semantics.IsConnectionType(local.Type) ? local : null;
            case IParameterSymbol parameter:
                return _semantics.IsConnectionType(parameter.Type) && !_semantics.Model.IsNeverConnection(parameter.Type) ? parameter : null;
            case IFieldSymbol or IPropertySymbol:
                return _semantics.IsConnectionMember(variable) ? variable.OriginalDefinition : null;
            default:
                return null;
        }
    }

    /// <summary>The kind of connection a variable's type makes it.</summary>
    public ConnectionKind KindOf(ISymbol variable) => KindOf(TypeOf(variable));

    /// <summary>The kind of connection a type is, the one taxonomy of connection types.</summary>
    public ConnectionKind KindOf(ITypeSymbol? type)
    {
        var model = _semantics.Model;
        if (ConnectionModel.InheritsFrom(type, model.Socket) || ConnectionModel.InheritsFrom(type, model.TcpClient) ||
            ConnectionModel.InheritsFrom(type, model.WebSocket))
        {
            return ConnectionKind.Endpoint;
        }

        if (ConnectionModel.InheritsFrom(type, model.NetworkStream))
        {
            return ConnectionKind.NetworkStream;
        }

        if (_semantics.IsConnectionType(type))
        {
            return ConnectionKind.OtherConnection;
        }

        return ConnectionModel.InheritsFrom(type, model.Stream) ? ConnectionKind.Stream : ConnectionKind.Other;
    }

    /// <summary>The declared type of a local, parameter, field or property.</summary>
    public static ITypeSymbol? TypeOf(ISymbol variable) => variable switch
    {
        ILocalSymbol local => local.Type,
        IParameterSymbol parameter => parameter.Type,
        IFieldSymbol field => field.Type,
        IPropertySymbol property => property.Type,
        _ => null,
    };

    /// <summary>A value that is the same connection as another expression: a copy or a wrapper of it (not a new connection).</summary>
    private bool IsAlias(IOperation value)
    {
        value = ConnectionSemantics.Strip(value);
        return value is ILocalReferenceOperation or IParameterReferenceOperation or IMemberReferenceOperation ||
               _semantics.Model.TryGetWrappedConnection(value, out _, out _);
    }
}
