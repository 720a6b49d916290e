-- One editing session in a real editor: Neovim's built-in LSP client (0.7 and later) starts
-- `vendorlint lsp`, opens a declaration, waits for the diagnostics, asks for a hover and a
-- completion, and stops the server. Everything is read through the editor's own API
-- (vim.diagnostic.get, vim.lsp.buf_request_sync, client.server_capabilities) and written as
-- JSON for the Rust test (tests/lsp.rs) to check. Run as
--   nvim --headless --clean -n -i NONE -c "luafile tests/nvim/lsp_session.lua"
-- with VENDORLINT_BIN (the server), VENDORLINT_DECL (the file to open), VENDORLINT_OUT (where
-- the JSON goes), VENDORLINT_HOVER_AT and VENDORLINT_COMPLETE_AT ("row,col": 1-based row,
-- 0-based byte column, as nvim_win_set_cursor takes them). Every wait is bounded; whatever
-- happens, the script writes its result and quits Neovim.

local timeout = tonumber(os.getenv('VENDORLINT_TIMEOUT_MS') or '') or 20000
local out = { ok = false, nvim = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) .. '.' .. tostring(vim.version().patch) }

local function env(name)
  local v = os.getenv(name)
  assert(v ~= nil and v ~= '', name .. ' is not set')
  return v
end

local function at(name)
  local row, col = env(name):match('^(%d+),(%d+)$')
  assert(row, name .. ' is not "row,col"')
  return { tonumber(row), tonumber(col) }
end

-- One request through the client, synchronously; the result (or an error) for our client.
local function request(bufnr, client, method, cursor)
  vim.api.nvim_win_set_cursor(0, cursor)
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, timeout)
  assert(responses, method .. ': ' .. tostring(err))
  local r = responses[client.id]
  assert(r, method .. ': no response from vendorlint')
  assert(r.err == nil and r.error == nil, method .. ': ' .. vim.inspect(r.err or r.error))
  return { position = params.position, result = r.result }
end

local function main()
  local decl = env('VENDORLINT_DECL')
  vim.cmd('edit ' .. vim.fn.fnameescape(decl))
  local bufnr = vim.api.nvim_get_current_buf()
  local exited = {}
  local client_id = vim.lsp.start_client({
    name = 'vendorlint',
    cmd = { env('VENDORLINT_BIN'), 'lsp', '--today', '2026-11-25' },
    root_dir = vim.fn.fnamemodify(decl, ':p:h'),
    on_exit = function(code, signal)
      exited.code, exited.signal = code, signal
    end,
  })
  assert(client_id, 'vim.lsp.start_client failed')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')

  local client
  assert(vim.wait(timeout, function()
    client = vim.lsp.get_client_by_id(client_id)
    return client ~= nil and client.server_capabilities ~= nil
  end, 20), 'the server did not answer initialize')

  local caps = client.server_capabilities
  local function supports(method)
    local ok, yes = pcall(client.supports_method, method)
    if not ok then
      ok, yes = pcall(client.supports_method, client, method)
    end
    return ok and yes == true
  end
  out.capabilities = {
    hoverProvider = caps.hoverProvider,
    completionProvider = caps.completionProvider,
    textDocumentSync = caps.textDocumentSync,
    positionEncoding = caps.positionEncoding,
    nested = caps.capabilities ~= nil,
    supports_hover = supports('textDocument/hover'),
    supports_completion = supports('textDocument/completion'),
  }
  out.offset_encoding = client.offset_encoding

  assert(vim.wait(timeout, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20), 'no diagnostics arrived')
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code, source = d.source, message = d.message,
    })
  end

  out.hover = request(bufnr, client, 'textDocument/hover', at('VENDORLINT_HOVER_AT'))
  out.completion = request(bufnr, client, 'textDocument/completion', at('VENDORLINT_COMPLETE_AT'))

  -- shutdown, then exit: the server's exit status is the protocol's 0.
  vim.lsp.stop_client(client_id)
  vim.wait(timeout, function() return exited.code ~= nil end, 20)
  out.server_exit = exited.code
  out.ok = true
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  out.error = tostring(err)
end
local f = io.open(env('VENDORLINT_OUT'), 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qall!')
