// fabric-contract-api logs every decorator at info level when modules load, and fabric-shim
// logs each expected failure at error level; both drown test output. Setting the level
// before any test imports them keeps it quiet, and an explicit setting still wins.
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'CRITICAL';
