def test_debug(phone_page, demo):
    for doc in (189,):
        phone_page.goto(demo + f"/postlista/{doc}/")
        print(phone_page.evaluate("""() => {
          const out = [`sw=${document.documentElement.scrollWidth}`];
          for (const el of document.querySelectorAll('body *')) { const r = el.getBoundingClientRect();
            if (r.right > 376) out.push(`${el.tagName}.${el.className} ${Math.round(r.left)}-${Math.round(r.right)} ${getComputedStyle(el).display} ${(el.innerText||'').slice(0,80)}`); }
          return out.slice(0, 30).join('\\n'); }"""))
